// Which DMN a file is written in. DMN 1.4 and 1.5 keep the elements of DMN 1.3 that decision
// tables and literal expressions use and change only the namespace, so such a file is read as
// DMN 1.3 (what dmn-moddle and dmn-js read); DMN 1.1 and 1.2 differ more and are refused with a
// hint (Camunda Modeler 5 upgrades them to 1.3 on save). Browser-safe: the decision editor uses it.

export const DMN13_NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

const LATER: Record<string, string> = {
  'https://www.omg.org/spec/DMN/20211108/MODEL/': '1.4',
  'https://www.omg.org/spec/DMN/20230324/MODEL/': '1.5',
};
const EARLIER: Record<string, string> = {
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd': '1.1',
  'http://www.omg.org/spec/DMN/20180521/MODEL/': '1.2',
};

export interface DmnVersion {
  /** '1.3', '1.4', '1.5', '1.1', '1.2', or null when the file names no DMN namespace. */
  version: string | null;
  /** The file as DMN 1.3 (unchanged unless it was 1.4 or 1.5). */
  xml: string;
}

export function dmnVersionOf(xml: string): DmnVersion {
  if (xml.includes(DMN13_NS)) return { version: '1.3', xml };
  for (const [ns, version] of Object.entries(LATER))
    if (xml.includes(ns)) return { version, xml: xml.split(ns).join(DMN13_NS) };
  for (const [ns, version] of Object.entries(EARLIER)) if (xml.includes(ns)) return { version, xml };
  return { version: null, xml };
}
