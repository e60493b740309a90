/** The "over time" page's stylesheet (time.css), beside the site's own (html.ts): how states, lanes and controls look. */
export const TIME_STYLE = `main.time-wide { max-width: 96rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.date-bar { position: sticky; top: 0; z-index: 2; background: var(--paper); border-bottom: 1px solid var(--line); padding: .5rem 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
.date-bar > label { font-weight: 600; min-width: 12rem; }
#as-of-label { font-weight: 700; font-size: 1.25rem; margin-left: .25rem; }
#as-of-range { flex: 1 1 14rem; min-width: 10rem; accent-color: #b45309; }
.date-controls { display: flex; gap: .5rem; align-items: center; }
.date-controls input { font: inherit; padding: .2rem .3rem; }
#span-note { flex-basis: 100%; font-size: .8rem; }
/* On a phone the date bar, which stays on screen, keeps to the date itself. */
@media (max-width: 40rem) { #span-note { display: none; } }
#problems:empty { display: none; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .75rem 0; }
#kinds { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem .75rem .5rem; margin: 0; display: flex; flex-wrap: wrap; gap: .1rem 1.1rem; flex: 3 1 30rem; min-width: 0; }
#kinds legend { font-weight: 600; font-size: .9rem; }
#kinds legend button { font-size: .8rem; padding: 0 .4rem; margin: 0 0 0 .25rem; }
#kinds label { font-size: .9rem; }
.trace-control { flex: 1 1 16rem; min-width: 0; }
.trace-control > label { font-weight: 600; display: block; }
.trace-control select { max-width: 100%; font: inherit; padding: .25rem; }
.trace-control p { font-size: .9rem; margin: .5rem 0 0; }
#summary { font-size: .95rem; }
.net-area { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 1rem; }
@media (min-width: 70rem) {
  .net-area { grid-template-columns: minmax(0, 1fr) 22rem; }
  #evidence { position: sticky; top: 6rem; align-self: start; max-height: calc(100vh - 7rem); overflow: auto; margin-top: 4.5rem; }
}
.net-main h2, #trace-list h2 { margin-top: 1rem; }
.zoom { margin: .25rem 0; font-size: .875rem; }
.zoom button { min-width: 2.25rem; margin: 0; }
.net-frame { overflow: auto; border: 1px solid var(--line); border-radius: .5rem; max-height: 85vh; background: #fff; }
/* The network's stacked drawings (time-network.ts), each its own layer; the nodes' on top lets clicks through but on nodes. */
.net-stack { position: relative; width: 100%; }
.net-stack > svg, .net-stack > canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; will-change: transform; }
svg.network { pointer-events: none; }
svg.network .node { pointer-events: visiblePainted; }
svg.network .edge { pointer-events: visibleStroke; }
/* On a canvas, the paths are only the index of what is drawn (time-network.ts). */
svg.network.index-only { display: none; }
/* Out of sight, the timeline and the lists cost nothing to redraw. */
.lazy { content-visibility: auto; contain-intrinsic-size: auto 900px; }
svg.network text { font: 11px Helvetica, Arial, sans-serif; text-anchor: middle; fill: #111827; pointer-events: none; }
svg.network .node { cursor: pointer; }
svg.network .node ellipse, svg.network .node rect { stroke: #374151; stroke-width: .8; }
svg.network .node.idle ellipse, svg.network .node.idle rect { fill-opacity: .35; stroke-opacity: .35; }
svg.network .node.idle text { fill-opacity: .45; }
svg.network .node.traced ellipse, svg.network .node.traced rect { stroke: #b45309; stroke-width: 3; }
.edge { cursor: pointer; fill: none; }
.edge[data-holds=maybe] { stroke-opacity: .35; }
.edge[data-holds=undated] { stroke: #9ca3af; stroke-width: 1; }
.edge.selected { stroke-width: 4.5; stroke-opacity: 1; }
.edge.selected, .tl-rel.selected { filter: drop-shadow(0 0 3px #f59e0b); }
.net-tip { position: absolute; z-index: 1; max-width: 20rem; background: #111827; color: #fff; font-size: .8rem; padding: .2rem .45rem; border-radius: .25rem; pointer-events: none; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .1rem 1.25rem; font-size: .875rem; margin: .5rem 0; }
.swatch { vertical-align: middle; }
.legend-yes, .legend-maybe { stroke: #1d4ed8; stroke-width: 2.2; }
.legend-maybe { stroke-opacity: .35; }
.legend-undated { stroke: #9ca3af; stroke-width: 1.2; }
.legend-when { fill: #6b7280; fill-opacity: .25; stroke: #6b7280; }
.legend-uncertain { stroke-dasharray: 3 2; }
.legend-approximate { fill-opacity: .1; stroke-opacity: .5; }
.legend-span { fill: #6b7280; fill-opacity: .5; }
#evidence { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem .5rem; background: var(--paper); position: relative; margin-top: 1rem; }
#evidence:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
#evidence .close { position: absolute; right: .5rem; top: .5rem; }
#evidence h2 { font-size: 1.1rem; border: 0; margin: .5rem 0; padding-right: 2.5rem; }
#evidence dl { font-size: .9rem; }
#evidence blockquote { font-size: 1rem; }
.tl { display: flex; border: 1px solid var(--line); border-radius: .5rem; overflow: hidden; }
.tl-labels { flex: 0 0 12rem; width: 12rem; border-right: 1px solid var(--line); }
@media (max-width: 40rem) { .tl-labels { flex-basis: 7.5rem; width: 7.5rem; } }
.tl-scroll { flex: 1 1 auto; overflow-x: auto; min-width: 0; }
.tl-body { display: block; }
.tl text { font: 11px Helvetica, Arial, sans-serif; fill: #111827; }
.tl-label { cursor: pointer; }
.tl-label.traced text { font-weight: 700; fill: #92400e; }
.tl-lane { fill: #fff; }
.tl-lane.odd { fill: #f9fafb; }
.tl-lane-line { stroke: #d1d5db; }
.tl-axis-band { fill: #f3f4f6; cursor: pointer; }
.tl-year { stroke: #9ca3af; }
.tl-month { stroke: #e5e7eb; }
.tl-day { stroke: #9ca3af; }
.tl-year-label { font-weight: 700; }
.tl .tl-month-label, .tl .tl-day-label { font-size: 10px; fill: #4b5563; }
.tl-axis text { pointer-events: none; }
.tl-rel { cursor: pointer; }
.tl-when { fill-opacity: .3; stroke-opacity: .8; stroke-width: .8; }
.tl-rel.uncertain .tl-when { stroke-dasharray: 3 2; stroke-opacity: 1; stroke-width: 1.2; }
.tl-rel.uncertain .tl-link { stroke-dasharray: 4 2; }
.tl-rel.approximate .tl-when { fill-opacity: .12; }
.tl-rel.approximate .tl-link { stroke-opacity: .6; fill-opacity: .6; }
.tl-link { stroke-width: 1.8; }
.tl-span { fill-opacity: .45; }
.tl-span.open { fill-opacity: .15; }
/* Not holding on the chosen date: faded, by the opacities of its parts (see time-network.ts). */
.tl-rel[data-holds=no] .tl-link { stroke-opacity: .25; fill-opacity: .25; }
.tl-rel[data-holds=no] .tl-when { fill-opacity: .06; stroke-opacity: .25; }
.tl-rel[data-holds=no] .tl-span { fill-opacity: .12; }
.tl-rel.selected .tl-link { stroke-width: 4; stroke-opacity: 1; fill-opacity: 1; }
.tl-scroll { position: relative; }
.tl-cursor { position: absolute; left: 0; top: 0; pointer-events: none; will-change: transform; }
.tl-cursor line { stroke: #b45309; stroke-width: 2; }
.tl-cursor rect { fill: #b45309; }
ol.relations { list-style: none; padding: 0; columns: 2 28rem; margin: .25rem 0 1rem; }
ol.relations li { break-inside: avoid; padding: .1rem 0; font-size: .95rem; }
.relation-list h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
button.link { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; text-align: left; margin: 0; cursor: pointer; }
details.rule { margin: 1.5rem 0; }
details.rule summary { cursor: pointer; font-weight: 600; }
.year-table caption { text-align: left; font-weight: 600; padding: .25rem 0; }
`;
