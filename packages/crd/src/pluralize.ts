/**
 * The plural resource name of a kind, as kubebuilder's controller-gen derives it: controller-gen
 * takes `strings.ToLower(flect.Pluralize(kind))` (gobuffalo/flect v1.0.3), so `Person` -> `people`,
 * `Child` -> `children`, `Quiz` -> `quizzes`, `Index` -> `indices`, `Policy` -> `policies`. The
 * inflection works on the kind's last CamelCase word (`ConfigMapGenerator` -> `...generators`):
 * whole-word irregulars first, then suffix rules, else an `s` (none when the word ends in `s`).
 */

/** Irregular words: singular, plural, and how they take part (see {@link WORDS}). */
interface Word {
  readonly singular: string;
  readonly plural: string;
  /** Another accepted plural (read back to the singular, never produced). */
  readonly alternative?: string;
  /** The plural is not read back to this singular. */
  readonly oneWay?: boolean;
  /** Only the whole word takes this plural, not words ending in it. */
  readonly exact?: boolean;
}

const w = (singular: string, plural: string, extra: Partial<Word> = {}): Word => ({ singular, plural, ...extra });
const same = (word: string, extra: Partial<Word> = {}): Word => ({ singular: word, plural: word, ...extra });

/** flect's dictionary of irregular English nouns, in its priority order. */
const WORDS: readonly Word[] = [
  same('aircraft'),
  same('beef', { alternative: 'beefs' }),
  same('bison'),
  same('blues', { oneWay: true }),
  same('chassis'),
  same('deer'),
  same('fish', { alternative: 'fishes' }),
  same('moose'),
  same('police'),
  same('salmon', { alternative: 'salmons' }),
  same('series'),
  same('sheep'),
  same('shrimp', { alternative: 'shrimps' }),
  same('species'),
  same('swine', { alternative: 'swines' }),
  same('trout', { alternative: 'trouts' }),
  same('tuna', { alternative: 'tunas' }),
  same('you'),
  w('child', 'children'),
  w('ox', 'oxen', { exact: true }),
  w('foot', 'feet'),
  w('goose', 'geese'),
  w('man', 'men'),
  w('human', 'humans'),
  w('louse', 'lice', { exact: true }),
  w('mouse', 'mice'),
  w('tooth', 'teeth'),
  w('woman', 'women'),
  w('die', 'dice', { exact: true }),
  w('person', 'people'),
  w('adieu', 'adieux', { alternative: 'adieus' }),
  w('fabliau', 'fabliaux'),
  w('bureau', 'bureaus', { alternative: 'bureaux' }),
  w('criterion', 'criteria'),
  w('ganglion', 'ganglia', { alternative: 'ganglions' }),
  w('lexicon', 'lexica', { alternative: 'lexicons' }),
  w('mitochondrion', 'mitochondria', { alternative: 'mitochondrions' }),
  w('noumenon', 'noumena'),
  w('phenomenon', 'phenomena'),
  w('taxon', 'taxa'),
  same('media'),
  w('medium', 'media', { alternative: 'mediums', oneWay: true }),
  w('stadium', 'stadiums', { alternative: 'stadia' }),
  w('aquarium', 'aquaria', { alternative: 'aquariums' }),
  w('auditorium', 'auditoria', { alternative: 'auditoriums' }),
  w('symposium', 'symposia', { alternative: 'symposiums' }),
  w('curriculum', 'curriculums', { alternative: 'curricula' }),
  w('quota', 'quotas'),
  w('alumnus', 'alumni', { alternative: 'alumnuses' }),
  w('bacillus', 'bacilli'),
  w('cactus', 'cacti', { alternative: 'cactuses' }),
  w('coccus', 'cocci'),
  w('focus', 'foci', { alternative: 'focuses' }),
  w('locus', 'loci', { alternative: 'locuses' }),
  w('nucleus', 'nuclei', { alternative: 'nucleuses' }),
  w('octopus', 'octupuses', { alternative: 'octopi' }),
  w('radius', 'radii', { alternative: 'radiuses' }),
  w('syllabus', 'syllabi'),
  w('corpus', 'corpora', { alternative: 'corpuses' }),
  w('genus', 'genera'),
  w('alumna', 'alumnae'),
  w('vertebra', 'vertebrae'),
  w('differentia', 'differentiae'),
  w('minutia', 'minutiae'),
  w('vita', 'vitae'),
  w('larva', 'larvae'),
  w('postcava', 'postcavae'),
  w('praecava', 'praecavae'),
  w('uva', 'uvae'),
  w('apex', 'apices', { alternative: 'apexes' }),
  w('codex', 'codices', { alternative: 'codexes' }),
  w('index', 'indices', { alternative: 'indexes' }),
  w('latex', 'latices', { alternative: 'latexes' }),
  w('vertex', 'vertices', { alternative: 'vertexes' }),
  w('vortex', 'vortices', { alternative: 'vortexes' }),
  w('appendix', 'appendices', { alternative: 'appendixes' }),
  w('radix', 'radices', { alternative: 'radixes' }),
  w('helix', 'helices', { alternative: 'helixes' }),
  w('axis', 'axes', { exact: true }),
  w('crisis', 'crises'),
  w('ellipsis', 'ellipses', { oneWay: true }),
  w('genesis', 'geneses'),
  w('oasis', 'oases'),
  w('thesis', 'theses'),
  w('testis', 'testes'),
  w('base', 'bases'),
  w('basis', 'bases', { oneWay: true }),
  w('alias', 'aliases', { exact: true }),
  w('vedalia', 'vedalias'),
  w('use', 'uses', { exact: true }),
  w('abuse', 'abuses'),
  w('cause', 'causes'),
  w('clause', 'clauses'),
  w('cruse', 'cruses'),
  w('excuse', 'excuses'),
  w('fuse', 'fuses'),
  w('house', 'houses'),
  w('misuse', 'misuses'),
  w('muse', 'muses'),
  w('pause', 'pauses'),
  w('ache', 'aches'),
  w('topaz', 'topazes'),
  w('buffalo', 'buffaloes', { alternative: 'buffalos' }),
  w('potato', 'potatoes'),
  w('tomato', 'tomatoes'),
  same('equipment'),
  same('information'),
  same('jeans'),
  same('money'),
  same('news'),
  same('rice'),
  w('dwarf', 'dwarfs', { alternative: 'dwarves' }),
  w('hoof', 'hoofs', { alternative: 'hooves' }),
  w('thief', 'thieves'),
  w('chive', 'chives'),
  w('hive', 'hives'),
  w('move', 'moves'),
  w('movie', 'movies'),
  w('cookie', 'cookies'),
  w('pretorium', 'pretoriums'),
  w('agenda', 'agendas'),
  w('formula', 'formulas', { alternative: 'formulae' }),
  w('shoe', 'shoes'),
  w('toe', 'toes', { exact: true }),
  same('graffiti'),
  w('ID', 'IDs', { exact: true }),
];

/** flect's suffix rules `[singular suffix, plural suffix]`, first match wins. */
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['tive', 'tives'],
  ['eaf', 'eaves'],
  ['oaf', 'oaves'],
  ['afe', 'aves'],
  ['arf', 'arves'],
  ['rfe', 'rves'],
  ['rf', 'rves'],
  ['lf', 'lves'],
  ['fe', 'ves'],
  ['ay', 'ays'],
  ['ey', 'eys'],
  ['oy', 'oys'],
  ['quy', 'quies'],
  ['uy', 'uys'],
  ['y', 'ies'],
  ['eau', 'eaux'],
  ['bula', 'bulae'],
  ['dula', 'bulae'],
  ['lula', 'bulae'],
  ['nula', 'bulae'],
  ['vula', 'bulae'],
  ['hedron', 'hedra'],
  ['ium', 'ia'],
  ['seum', 'seums'],
  ['eum', 'ea'],
  ['oum', 'oa'],
  ['stracum', 'straca'],
  ['dum', 'da'],
  ['elum', 'ela'],
  ['ilum', 'ila'],
  ['olum', 'ola'],
  ['ulum', 'ula'],
  ['llum', 'lla'],
  ['ylum', 'yla'],
  ['imum', 'ima'],
  ['ernum', 'erna'],
  ['gnum', 'gna'],
  ['brum', 'bra'],
  ['crum', 'cra'],
  ['terum', 'tera'],
  ['serum', 'sera'],
  ['trum', 'tra'],
  ['antum', 'anta'],
  ['atum', 'ata'],
  ['entum', 'enta'],
  ['etum', 'eta'],
  ['itum', 'ita'],
  ['otum', 'ota'],
  ['utum', 'uta'],
  ['ctum', 'cta'],
  ['ovum', 'ova'],
  ['trix', 'trices'],
  ['iasis', 'iases'],
  ['mesis', 'meses'],
  ['kinesis', 'kineses'],
  ['resis', 'reses'],
  ['gnosis', 'gnoses'],
  ['opsis', 'opses'],
  ['ysis', 'yses'],
  ['ouse', 'ouses'],
  ['lause', 'lauses'],
  ['us', 'uses'],
  ['ch', 'ches'],
  ['io', 'ios'],
  ['sh', 'shes'],
  ['ss', 'sses'],
  ['ez', 'ezzes'],
  ['iz', 'izzes'],
  ['tz', 'tzes'],
  ['zz', 'zzes'],
  ['ano', 'anos'],
  ['lo', 'los'],
  ['to', 'tos'],
  ['oo', 'oos'],
  ['o', 'oes'],
  ['x', 'xes'],
  ['S', 'Ses'],
];

/** Words flect keeps whole when splitting CamelCase (`DNSRecord` -> `DNS`, `Record`). */
const ACRONYMS = new Set(
  (
    'OK UTF8 HTML JSON JWT ID UUID SQL ACK ACL ADSL AES ANSI API ARP ATM BGP BSS CCITT CHAP CIDR CIR CLI CPE CPU ' +
    'CRC CRT CSMA CMOS DCE DEC DES DHCP DNS DRAM DSL DSLAM DTE DMI EHA EIA EIGRP EOF ESS FCC FCS FDDI FTP GBIC ' +
    'GEPOF HDLC HTTP HTTPS IANA ICMP IDF IDS IEEE IETF IMAP IP IPS ISDN ISP LACP LAN LAPB LAPF LLC MAC MC MDF MIB ' +
    'MPLS MTU NAC NAT NBMA NIC NRZ NRZI NVRAM OSI OSPF OUI PAP PAT PC PIM PCM PDU POP3 POTS PPP PPTP PTT PVST RAM ' +
    'RARP RFC RIP RLL ROM RSTP RTP RCP SDLC SFD SFP SLARP SLIP SMTP SNA SNAP SNMP SOF SRAM SSH SSID STP SYN TDM ' +
    'TFTP TIA TOFU UDP URL URI USB UTP VC VLAN VLSM VPN W3C WAN WEP WPA WWW'
  ).split(' '),
);

const singularToPlural = new Map<string, string>();
const pluralToSingular = new Map<string, string>();
for (const word of WORDS) {
  singularToPlural.set(word.singular, word.plural);
  if (word.oneWay) continue;
  pluralToSingular.set(word.plural, word.singular);
  if (word.alternative) pluralToSingular.set(word.alternative, word.singular);
}

/**
 * The rules in the order flect tries them: the non-exact dictionary words (last first), then the
 * suffix rules; each rule is preceded by one that keeps a word already ending in its plural.
 */
const RULES: ReadonlyArray<readonly [suffix: string, plural: string | undefined]> = [
  ...WORDS.filter((word) => !word.exact)
    .reverse()
    .flatMap((word) => [[word.plural, undefined] as const, [word.singular, word.plural] as const]),
  ...SUFFIXES.flatMap(([singular, plural]) => [[plural, undefined] as const, [singular, plural] as const]),
];

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

/** The last CamelCase word of a kind, split as flect splits it. */
function lastWord(kind: string): string {
  if (ACRONYMS.has(kind.toUpperCase())) return kind;
  let word = '';
  let prev = '';
  for (const c of kind) {
    if (isUpper(c) && (!isUpper(prev) || ACRONYMS.has(word.toUpperCase()))) word = '';
    word += c;
    prev = c;
  }
  return word;
}

/**
 * The plural resource name controller-gen gives a kind: `strings.ToLower(flect.Pluralize(kind))`.
 * @example pluralize('Person') // 'people'
 */
export function pluralize(kind: string): string {
  const exact = singularToPlural.get(kind);
  if (exact !== undefined) return exact.toLowerCase();
  if (pluralToSingular.has(kind)) return kind.toLowerCase();
  const word = lastWord(kind);
  if (word === '') return '';
  const stem = kind.slice(0, kind.length - word.length);
  const lower = word.toLowerCase();
  if (pluralToSingular.has(lower)) return kind.toLowerCase();
  const irregular = singularToPlural.get(lower);
  if (irregular !== undefined) return `${stem}${irregular}`.toLowerCase();
  for (const [suffix, plural] of RULES) {
    if (!word.endsWith(suffix)) continue;
    return plural === undefined ? kind.toLowerCase() : `${stem}${word.slice(0, -suffix.length)}${plural}`.toLowerCase();
  }
  return lower.endsWith('s') ? kind.toLowerCase() : `${kind}s`.toLowerCase();
}
