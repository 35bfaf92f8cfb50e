import { presetNames } from './args.js';

export const mainHelp = `Usage: redress <command> [options]

The customer-complaint lifecycle as an XState statechart: simulate a complaint
process on virtual time, summarise exported complaint records, print the chart.

Commands:
  simulate              run the process on virtual time and report its KPIs
  summarize <file>      KPIs of exported complaint records (a JSON file)
  diagram               print the statechart (Mermaid or JSON)
  view                  show the statechart in the browser (live, or --out a file)

Options:
  -h, --help            show this help
  -v, --version         show the version

Run "redress <command> --help" for a command's options.
`;

export const simulateHelp = `Usage: redress simulate [options]

Run the complaint process on virtual time with the real desk (arrivals,
staff, SLA timers, escalations), then print its KPIs. A progress bar is drawn
on stderr when it is a terminal.

Options:
  --days <n>            simulated days of arrivals (default: 90)
  --per-day <n>         mean complaints filed per day (default: 200)
  --preset <name>       SLA policy: ${presetNames.join(', ')} (default: guideline)
  --seed <n>            random seed; the same seed gives the same result (default: 1)
  --report <file>       also write a self-contained HTML report with charts
  --json                print the result as JSON (options, KPIs, daily series, counts)
  -h, --help            show this help

Example:
  redress simulate --days 90 --per-day 200 --preset guideline --seed 1 --report report.html
`;

export const summarizeHelp = `Usage: redress summarize <records.json> [options]

Print the KPIs of exported complaint records. The file holds a JSON array of
stored records (ComplaintRecord, as a store returns them) or of plain
{ "id", "stage", "context" } objects; an object with a "records" array works too.

Options:
  --group-by <key>      also per severity, category, department, channel or month
  --from <instant>      only complaints filed at or after (ISO date or epoch ms)
  --to <instant>        only complaints filed before (ISO date or epoch ms)
  --preset <name>       policy whose business calendar measures working time
                        and whose ladder names the levels (default: guideline)
  --report <file>       also write a self-contained HTML report with charts
  --json                print the summary as JSON
  -h, --help            show this help

Example:
  redress summarize records.json --group-by severity --from 2026-11-01
`;

export const diagramHelp = `Usage: redress diagram [options]

Print the complaint statechart (the default guideline policy's machine).

Options:
  --format <format>     mermaid (stateDiagram-v2, default) or json
  -h, --help            show this help

Example:
  redress diagram --format mermaid > lifecycle.mmd
`;
