import { show } from '../finding.ts';
import { defineRule, perTable } from '../define-rule.ts';
import { valueOf, valuesOf } from '../model-helpers.ts';

export default defineRule(
  {
    code: 'too-few-publishers',
    severity: 'error',
    stages: ['row'],
    title: 'Value needs sources from more publishers',
    description:
      'Some values claim independent corroboration (x-minPublishers: `confirmed` needs two publishers): the sources a row cites must then come from at least that many different named publishers (x-publisher). A source with no publisher named cannot show that it is independent of the others.',
    fix: 'Cite a source from another publisher that states the same, or use the value the sources support (`reported`).',
    messages: {
      tooFew: '{value} needs sources from at least {min} different named publishers; the sources in {column} have {count}{names}.',
    },
    hints: { tooFew: 'Cite a source from another publisher that states it, or change {value} to what the sources support (see the codebook).' },
    appliesTo: [{ keyword: 'x-minPublishers' }, { keyword: 'x-publisher' }],
  },
  (context) => {
    /** The publisher of every source read so far, per table with a publisher column. */
    const publishers = new Map(context.model.tables.filter((t) => t.columns.some((c) => c.publisher)).map((t) => [t.name, new Map<string, string>()]));
    const plan = perTable((table) => ({
      publisherColumn: table.columns.find((c) => c.publisher),
      demanding: table.columns.filter((c) => c.minPublishers),
      citations: table.columns.flatMap((c) => {
        const maps = (c.references ?? []).flatMap((t) => (publishers.has(t) ? [publishers.get(t)!] : []));
        return maps.length ? [{ column: c.name, maps }] : [];
      }),
    }));
    return {
      row(row) {
        const { table } = row.file;
        const { publisherColumn, demanding, citations } = plan(table);
        if (publisherColumn) {
          const key = valueOf(row.record, table.primaryKey);
          const publisher = valueOf(row.record, publisherColumn.name);
          if (key !== undefined && publisher !== undefined) publishers.get(table.name)!.set(key, publisher);
        }
        if (!citations.length) return;
        for (const column of demanding) {
          const value = valueOf(row.record, column.name);
          const min = value === undefined ? undefined : column.minPublishers![value];
          if (min === undefined) continue;
          const named = new Set<string>();
          for (const { column: cited, maps } of citations)
            for (const id of valuesOf(row.record, cited))
              for (const map of maps) {
                const publisher = map.get(id);
                if (publisher !== undefined) named.add(publisher);
              }
          if (named.size >= min) continue;
          context.report({
            ...row.at(column.name),
            messageId: 'tooFew',
            data: {
              value: show(value!),
              min: String(min),
              column: citations.map((c) => c.column).join(' and '),
              count: String(named.size),
              names: named.size ? ` (${[...named].map((n) => show(n)).join(', ')})` : '',
            },
          });
        }
      },
    };
  },
);
