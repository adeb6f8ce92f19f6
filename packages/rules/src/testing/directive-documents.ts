/** Small documents the directive tests build on: each helper puts one known finding on its line. */

/** A domain whose `body` lines start at line 4. */
export const doc = (...body: string[]): string =>
  [`<domain type='kvm'>`, `  <name>t</name>`, `  <devices>`, ...body, `  </devices>`, `</domain>`, ``].join(
    '\n',
  );

/** alias-charset (error) on its line. */
export const charset = (dev: string): string =>
  `    <disk type='file'><target dev='${dev}'/><alias name='ua-${dev}.x'/></disk>`;

/** alias-required (error) on its line. */
export const nic = (n: number): string =>
  `    <interface type='ethernet'><mac address='52:54:00:00:00:0${n}'/></interface>`;
