import { useTraining } from './useTraining';

/** The live warning badges of one canvas node while (or after) training. */
export function NodeBadges({ nodeId }: { nodeId: string }) {
  const badges = useTraining().badges.filter((b) => b.nodeId === nodeId);
  if (badges.length === 0) return null;
  return (
    <div className="node-train-badges" data-testid={`node.${nodeId}.trainBadge`}>
      {badges.map((b) => (
        <span key={b.kind} className={`node-train-badge ${b.kind}`} title={b.message}>
          {b.kind === 'deadRelu'
            ? `dead ${Math.round(b.value * 100)}%`
            : b.kind === 'saturated'
              ? `sat ${Math.round(b.value * 100)}%`
              : b.kind === 'exploding'
                ? '∇ ↑'
                : '∇ ↓'}
        </span>
      ))}
    </div>
  );
}
