# Reference values for the stats tests (scipy is not installed here): mpmath at 40 digits.
# Run: /usr/bin/python3 graph-core/src/stats/reference-values.py
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


