import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableRows } from '../generated/types.ts';
import { normaliseForQuote } from '../scripts/lib/check/archive.ts';
import { nameKey } from '../scripts/lib/check/rules/possible-duplicate.ts';
import { readDataset } from '../scripts/lib/read/read-dataset.ts';
import { MODEL, REPO } from './helpers/fixtures.ts';

/**
 * The people and groups each article names, from a sentence-by-sentence reading. If an edit drops
 * one of them, or stops citing the article for it, this fails. Spellings are the article's own.
 */
const NAMED: Record<string, { people: string[]; groups: string[] }> = {
  'caucasus-emirate-defections': {
    people: [
      'Aliaskhab Kebekov',
      'Ali Abu Muhammad',
      'Ayman al-Zawahiri',
      'Abu Bakr al-Baghdadi',
      'Abu Omar al-Shishani',
      'Sultan Zaynalabilov',
      'Rustam Aselderov',
      'Doku Umarov',
      'Abu-Mukhammad Agachaulsky',
      'Makhran Saidov',
      'Khamzat',
      'Usman',
    ],
    groups: [
      'Caucasus Emirate',
      'IK',
      'Islamic State',
      'ISIS',
      'Al-Qaeda',
      'Aukh sector',
      'Daghestan insurgency',
      'Makhachkala militant organization',
      'Chechen eastern front',
    ],
  },
  'rferl-2015-02-cannon-fodder': {
    people: ['Aygul Salagayeva', 'Bely Sneg', 'Murad Atayev', 'Abu Bakr al-Baghdadi', 'Umar Shishani', 'Khalid Shishani'],
    groups: [
      'Jaish al-Muhajireen wal-Ansar',
      'JMA',
      'Caucasus Emirate',
      'Islamic State',
      'Jabhat al-Nusra',
      'Al Qaeda',
      "Seyfullakh Shishani's Jamaat",
      'Baghdadi State',
    ],
  },
  'caucasus-pledge-to-isis-2015': {
    people: [
      'Abu Mohammed al-Adnani',
      'Abu Bakr al-Baghdadi',
      'Caliph Ibrahim ben Awwad ben Ibrahim al Badri al-Qoureishi al Husseini',
      'Sheikh Abu Mohammad al-Qadari',
    ],
    groups: ['Islamic State of Iraq and Syria', 'ISIS'],
  },
  'trend-2014-11-24-jund-al-qawqaz': {
    people: [],
    groups: [
      'Jamaat Jund al-Qawqaz',
      "The Caucus Soldier's Group",
      'Caucasus Emirate',
      'Caucasus Emirates',
      'Jaysh al-Muhajireen wa al-Ansar',
      'Jabhat Ansar al-Din',
      'al-Qaida',
      'Islamic State',
    ],
  },
  'rferl-2015-12-azerbaijanis-raqqa': {
    people: ['Abu Maryam', 'Abu Yakub', 'Abu Bakr al-Baghdadi', 'Adnani', 'Muhammad al-Azeri', 'Rustem Askerov', 'Rovshan Badalov'],
    groups: ['Islamic State', 'Karabakh Partisans'],
  },
};

/** Named in the articles but authors, analysts or outlets that take no part in the events: never actors or groups. */
const NOT_PARTIES = [
  'Joanna Paraszczuk',
  'Claude Salhani',
  'Aymen Jawad Al-Tamimi',
  'Ahmet Yarlykapov',
  'North Caucasus Caucus',
  'Financial Times',
  'SyriaComment.com',
  'Raqqa Is Being Slaughtered Silently',
  'Interfax',
];

let data: TableRows;
beforeAll(async () => {
  data = await readDataset(MODEL, join(REPO, 'data'));
});

function namesOf(entity: { name: string; aliases?: string[] }): string[] {
  return [entity.name, ...(entity.aliases ?? [])].map(nameKey);
}

describe.each(Object.entries(NAMED))('%s', (sourceId, { people, groups }) => {
  const text = normaliseForQuote(readFileSync(join(REPO, 'data', 'archive', `${sourceId}.txt`), 'utf8'));

  it.each(people)('has the person %s, citing this article', (name) => {
    expect(text, 'the name is spelled as in the article').toContain(normaliseForQuote(name));
    const actor = data.actors.find((a) => namesOf(a).includes(nameKey(name)));
    expect(actor, `no actor is named or aliased ${name}`).toBeDefined();
    expect(actor!.source_ids).toContain(sourceId);
  });

  it.each(groups)('has the group %s, citing this article', (name) => {
    expect(text, 'the name is spelled as in the article').toContain(normaliseForQuote(name));
    const group = data.groups.find((g) => namesOf(g).includes(nameKey(name)));
    expect(group, `no group is named or aliased ${name}`).toBeDefined();
    expect(group!.source_ids).toContain(sourceId);
  });
});

describe('parties only', () => {
  it.each(NOT_PARTIES)('%s is not an actor or group', (name) => {
    const all = [...data.actors, ...data.groups].flatMap(namesOf);
    expect(all).not.toContain(nameKey(name));
  });

  it('gives every source a cited row, and every row of the entity tables an allegiance', () => {
    const cited = new Set([...data.actors, ...data.groups, ...data.allegiances].flatMap((r) => r.source_ids));
    expect(data.sources.map((s) => s.id).filter((id) => !cited.has(id))).toEqual([]);
    const linked = new Set(data.allegiances.flatMap((a) => [a.subject_id, a.target_id]));
    expect([...data.actors, ...data.groups].map((e) => e.id).filter((id) => !linked.has(id))).toEqual([]);
  });
});
