import { presetNames } from './args.js';

export const mainHelp = `Usage: redress <command> [options]

The customer-complaint lifecycle as an XState statechart: simulate a complaint
process on virtual time, summarise exported complaint records, print the chart.

Commands:
  simulate              run the process on virtual time and report its KPIs
  summarize <file>      KPIs of complaint records (JSON, JSON Lines, or --database-url)
  diagram               print the statechart (Mermaid, JSON or an XState module)
  view                  show the statechart in the browser (live, or --out a file)
  report <return>       a regulator's return from records: fca, asic, cfpb, nfra

Options:
  -h, --help            show this help
  -v, --version         show the version

Run "redress <command> --help" for a command's options.
`;

export const simulateHelp = `Usage: redress simulate [options]

Run the complaint process on virtual time with the real desk (arrivals,
staff, SLA timers, escalations), then print its KPIs. A progress bar is drawn
on stderr when it is a terminal. Flags override the --config file.

Options:
  --config <file>       every simulation option as JSON (see docs/cli.md)
  --days <n>            simulated days of arrivals (default: 90)
  --per-day <n>         mean complaints filed per day (default: 200)
  --seed <n>            random seed; the same seed gives the same result (default: 1)
  --start <date>        first day: 2026-03-02 (midnight in the time zone),
                        an ISO date-time or epoch ms (default: 2026-01-05)
  --time-zone <zone>    time zone of arrivals and days (default: the business calendar's)
  --preset <name>       SLA policy: ${presetNames.join(', ')} (default: guideline)
  --policy <file>       SLA policy from a file: JSON, or a .js/.mjs/.cjs/.ts module
                        exporting it as default or "policy" (checked by definePolicy;
                        .ts through tsx where Node.js cannot load it)
  --calendar <file>     JSON calendar (createCalendar input) used as the policy's
                        business calendar, the one its targets name by default
  --staff <role=n,...>  people per role: agent, handler, supervisor, director,
                        executive (roles left out are sized for the load)
  --capacity <role=n,...>
                        complaints one person handles at once (needs --staff for the role)
  --severity-mix <k=share,...>
                        urgent, general, normal (shares as 0.05 or 5%, summing to 1)
  --category-mix <k=share,...>
                        product_quality, service_experience, logistics, billing, other
  --channel-mix <k=share,...>
                        phone, email, web, chat, in_person, letter, social, app
  --records <file>      also write every complaint's record and timeline, one JSON
                        per line (what "redress summarize" and "redress report" read)
  --report <file>       also write a self-contained HTML report with charts
  --json                print the result as JSON (options, KPIs, daily series, counts)
  -h, --help            show this help

Examples:
  redress simulate --days 90 --per-day 200 --preset guideline --seed 1 --report report.html
  redress simulate --config staffing.json --staff agent=12,handler=8 --severity-mix urgent=5%,general=35%,normal=60%
  redress simulate --days 30 --records records.jsonl && redress summarize records.jsonl
`;

export const summarizeHelp = `Usage: redress summarize <records.json|records.jsonl> [options]
       redress summarize --database-url <url> [options]

Print the KPIs of complaint records: stored records (ComplaintRecord, as a
store returns them) or plain { "id", "stage", "context" } objects.
  *.jsonl, *.ndjson     one record per line, streamed (any size)
  other files           a JSON array, or an object with a "records" array
  --database-url <url>  read a redress PostgreSQL store directly, a page at a time

Options:
  --database-url <url>  PostgreSQL connection URL (needs the pg package)
  --schema <name>       schema of the store's tables (default: the search_path)
  --table-prefix <p>    table prefix of the store (default: redress_)
  --batch <n>           records read per query (default: 500)
  --group-by <key>      also per severity, category, department, channel or month
  --from <instant>      only complaints filed at or after: a date (midnight on the
                        business calendar's time zone), an ISO date-time or epoch ms
  --to <instant>        only complaints filed before
  --preset <name>       policy whose business calendar measures working time
                        and whose ladder names the levels (default: guideline)
  --policy <file>       the policy from a file (JSON or a .js/.mjs/.cjs/.ts module)
  --calendar <file>     JSON calendar used as the policy's business calendar
  --report <file>       also write a self-contained HTML report with charts
  --json                print the summary as JSON
  -h, --help            show this help

Examples:
  redress summarize records.jsonl --group-by severity --from 2026-11-01
  redress summarize --database-url postgres://app@db:5432/complaints --schema complaints --report report.html
`;

export const diagramHelp = `Usage: redress diagram [options]

Print the complaint statechart (the default guideline policy's machine).

Options:
  --format <format>     mermaid (stateDiagram-v2, default), json (toJSONDiagram:
                        states, transitions, guards and actions by name) or xstate
                        (an ES module for Stately Studio's "Import from code")
  -h, --help            show this help

Examples:
  redress diagram --format mermaid > lifecycle.mmd
  redress diagram --format xstate > complaint.machine.js
`;
