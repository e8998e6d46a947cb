# Reference values for the stats tests: mpmath at 40 digits, and scipy's Welch test where scipy is
# installed (pyenv's python3 here has scipy 1.17.1; /usr/bin/python3 has mpmath only).
# Run: python3 graph-core/src/stats/reference-values.py
import mpmath as mp
mp.mp.dps = 40
def tcdf(t, df):
    t = mp.mpf(t); df = mp.mpf(df)
    x = df/(df+t*t)
    tail = mp.betainc(df/2, mp.mpf(1)/2, 0, x, regularized=True)/2
    return 1-tail if t>0 else tail
for t,df in [(0.5,1),(2.0,3),(-1.3,4.5),(2.2281,10),(1.0,30),(-3.0,2.7),(0.1,200)]:
    print('cdf', t, df, mp.nstr(tcdf(t,df), 17))
for p,df in [(0.975,1),(0.975,2),(0.975,4),(0.975,9),(0.8,5.5),(0.975,100)]:
    q = mp.findroot(lambda t: tcdf(t,df)-p, 1.0)
    print('q', p, df, mp.nstr(q, 17))
for x,a,b in [(0.3,2,3),(0.9,0.5,0.5),(0.01,5,0.5),(0.7,10,20)]:
    print('betainc', x,a,b, mp.nstr(mp.betainc(a,b,0,x,regularized=True),17))
def welch(a,b):
    a=[mp.mpf(v) for v in a]; b=[mp.mpf(v) for v in b]
    ma=sum(a)/len(a); mb=sum(b)/len(b)
    va=sum((x-ma)**2 for x in a)/(len(a)-1)/len(a)
    vb=sum((x-mb)**2 for x in b)/(len(b)-1)/len(b)
    t=(ma-mb)/mp.sqrt(va+vb)
    df=(va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
    p=2*tcdf(-abs(t),df)
    return t,df,p
for a,b in [([0.944,0.938,0.951,0.940,0.947],[0.936,0.942,0.930,0.939,0.933]),
            ([0.91,0.93,0.92],[0.90,0.95,0.89]),
            ([1.2,3.4,2.2,5.1],[0.3,0.9,0.5,0.7,0.2,0.4])]:
    t,df,p=welch(a,b)
    print('welch', mp.nstr(t,17), mp.nstr(df,17), mp.nstr(p,17))
def ci(xs):
    xs=[mp.mpf(v) for v in xs]; n=len(xs); m=sum(xs)/n
    s=mp.sqrt(sum((x-m)**2 for x in xs)/(n-1))
    q=mp.findroot(lambda t: tcdf(t,n-1)-mp.mpf('0.975'), 2.0)
    print('ci', mp.nstr(m,17), mp.nstr(m-q*s/mp.sqrt(n),17), mp.nstr(m+q*s/mp.sqrt(n),17))
ci([0.944,0.938,0.951,0.940,0.947])
def q(p,df): return mp.findroot(lambda t: tcdf(t,df)-p, 1.0)
for d,s2 in [(1,2),(0.01,0.0002*2)]:
    for n in range(2,2000):
        df=2*n-2
        if d/mp.sqrt(s2/n) >= q(0.975,df)+q(0.8,df):
            print('n', d, s2, n); break

# Non-inferiority (welch.ts nonInferiorityTest): a's advantage over b, its one-sided 95% bounds, and
# the one-sided p-values of "worse by the margin or more" and "worse by less than the margin".
def noninf(a,b,margin,better):
    a=[mp.mpf(v) for v in a]; b=[mp.mpf(v) for v in b]
    ma=sum(a)/len(a); mb=sum(b)/len(b)
    va=sum((x-ma)**2 for x in a)/(len(a)-1)/len(a)
    vb=sum((x-mb)**2 for x in b)/(len(b)-1)/len(b)
    se=mp.sqrt(va+vb); df=(va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
    adv=(ma-mb) if better=='max' else (mb-ma)
    half=q(mp.mpf('0.95'),df)*se; t=(adv+mp.mpf(margin))/se
    print('noninf', *(mp.nstr(v,17) for v in (adv, adv-half, adv+half, df, tcdf(-t,df), tcdf(t,df))))
noninf([0.944,0.938,0.951,0.940,0.947],[0.946,0.942,0.950,0.939,0.953],'0.01','max')
noninf([0.91,0.93,0.92],[0.90,0.95,0.89,0.97],'0.005','max')
noninf([0.30,0.34,0.29,0.33],[0.21,0.22,0.20,0.23,0.22],'0.05','min')


try:
    from scipy import stats
    for a,b in [([0.944,0.938,0.951,0.940,0.947],[0.936,0.942,0.930,0.939,0.933]),
                ([0.91,0.93,0.92],[0.90,0.95,0.89]),
                ([1.2,3.4,2.2,5.1],[0.3,0.9,0.5,0.7,0.2,0.4]),
                ([0.874,0.861,0.880,0.869,0.102],[0.858,0.866,0.851,0.862,0.855]),
                ([0.1227,0.1012,0.1403,0.1150,0.1343],[0.2163,0.2201,0.2089,0.2240,0.2122]),
                ([0.5,0.52],[0.47,0.49])]:
        r = stats.ttest_ind(a, b, equal_var=False)
        print('scipy welch', repr(float(r.statistic)), repr(float(r.df)), repr(float(r.pvalue)))
except ImportError:
    print('scipy not installed: the scipy welch lines are skipped')

# The bootstrap's error rate against Welch's (bootstrap.ts's doc; about 2 minutes):
#   python3 graph-core/src/stats/reference-values.py --bootstrap-size
import sys
if '--bootstrap-size' in sys.argv:
    import numpy as np
    rng = np.random.default_rng(1)
    def boot_p(a, b, R=1000):
        ia = rng.integers(0, len(a), (R, len(a))); ib = rng.integers(0, len(b), (R, len(b)))
        d = a[ia].mean(1) - b[ib].mean(1)
        return min(1, 2 * min((d <= 0).mean(), (d >= 0).mean()))
    def gen(kind, n):
        if kind == 'normal': return rng.normal(0, 1, n)
        if kind == 'skewed': return rng.exponential(1, n)
        x = rng.normal(0, 1, n); x[rng.random(n) < 0.1] -= 5  # a seed in ten failed to train
        return x
    for kind in ['normal', 'skewed', 'outlier']:
        for n in [2, 3, 5, 8, 12, 20]:
            T = 2000; fw = fb = 0
            for _ in range(T):
                a = gen(kind, n); b = gen(kind, n)
                fw += stats.ttest_ind(a, b, equal_var=False).pvalue < 0.05
                fb += boot_p(a, b) < 0.05
            print('false positives', kind, n, 'welch %.3f bootstrap %.3f' % (fw / T, fb / T))
