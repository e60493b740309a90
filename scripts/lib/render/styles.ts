/**
 * How each allegiance kind and group kind looks in the pictures and the site. Kinds come from the
 * schema; a kind added there without a style here is still drawn, in the default style.
 */
export interface EdgeStyle {
  readonly color: string;
  readonly style: 'solid' | 'dashed' | 'dotted' | 'bold';
  readonly label: string;
}

export const EDGE_STYLES: Readonly<Record<string, EdgeStyle>> = {
  pledged_allegiance: { color: '#1d4ed8', style: 'bold', label: 'pledged allegiance to' },
  withdrew_allegiance: { color: '#b91c1c', style: 'dashed', label: 'withdrew allegiance from' },
  leader_of: { color: '#6d28d9', style: 'bold', label: 'leads' },
  member_of: { color: '#4b5563', style: 'solid', label: 'member of' },
  affiliate_of: { color: '#0e7490', style: 'dotted', label: 'affiliate of' },
  part_of: { color: '#047857', style: 'solid', label: 'part of' },
  allied_with: { color: '#15803d', style: 'dashed', label: 'allied with' },
  rival_of: { color: '#dc2626', style: 'dotted', label: 'rival of' },
  supporter_of: { color: '#b45309', style: 'dashed', label: 'supports' },
  splinter_of: { color: '#9d174d', style: 'dashed', label: 'splinter of' },
  merged_into: { color: '#0f766e', style: 'bold', label: 'merged into' },
};

export const DEFAULT_EDGE: EdgeStyle = { color: '#374151', style: 'solid', label: 'related to' };

export const edgeStyle = (kind: string): EdgeStyle => EDGE_STYLES[kind] ?? { ...DEFAULT_EDGE, label: kind.replace(/_/g, ' ') };

/** Fill colours of groups by kind, and of actors; all dark text on them passes WCAG AA contrast. */
export const NODE_FILLS: Readonly<Record<string, string>> = {
  actor: '#fde68a',
  organization: '#bfdbfe',
  faction: '#c7d2fe',
  coalition: '#ddd6fe',
  province: '#bbf7d0',
  cell: '#fecaca',
  collective: '#e5e7eb',
  government: '#fed7aa',
};

export const nodeFill = (kind: string): string => NODE_FILLS[kind] ?? '#f3f4f6';
