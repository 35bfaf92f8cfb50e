// The preset dictionary of snapshot format 1 (deflate-raw with a dictionary):
// the text of a few persisted snapshots (machine version 2, intake removed)
// of complaints at several stages, one with breaches and escalations. deflate
// finds most of a new snapshot in it (keys, clock names, rule names, state
// values), so a 1-3.5 KB snapshot compresses to about 200-300 bytes.
//
// NEVER CHANGE THIS TEXT: every snapshot written in format 1 needs exactly
// these bytes to be read back (its SHA-256 is checked at start-up). A better
// dictionary is a new format number, with this one kept for reading.
export const SNAPSHOT_DICTIONARY_1_SHA256 = "4e86fc0606e770133f8ee3b539835cee4878426820471274c7ed89eab2d1eea8";

export const SNAPSHOT_DICTIONARY_1 =
  "{\"status\":\"active\",\"value\":{\"open\":\"triage\"},\"historyValue\":{},\"context\":{\"id\":\"d-2\",\"now\":1795406640000,\"routing\":{\"categories\":[],\"severity\":null,\"department\"" +
  ":null,\"assignee\":null,\"classification\":{\"product\":null,\"cause\":null},\"vulnerability\":[]},\"escalation\":{\"level\":0,\"max\":0,\"count\":0,\"byReason\":{\"breach\":0,\"manua" +
  "l\":0,\"objection\":0,\"urgent\":0,\"reopen\":0},\"byLevel\":[]},\"sla\":{\"acknowledge\":{\"rule\":\"acknowledge\",\"calendar\":\"always\",\"startedAt\":1795406400000,\"periodStart\":1" +
  "795406400000,\"deadline\":1795492800000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795406640000,\"changedAt\":1795406400000},\"tri" +
  "age\":{\"rule\":\"triage\",\"calendar\":\"business\",\"startedAt\":1795406640000,\"periodStart\":1795406640000,\"deadline\":1795419000000,\"warnAt\":[1795417560000],\"state\":\"run" +
  "ning\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"changedAt\":1795406640000}},\"milestones\":{\"acknowledgedAt\":1795406640000,\"contactedAt\":null,\"closedAt\":null,\"reop" +
  "enUntil\":null,\"archivedAt\":null},\"resolution\":{\"rootCause\":null,\"proposal\":null,\"followUp\":null,\"outcome\":null,\"closingNote\":null,\"decision\":null,\"redressPaid\":" +
  "null},\"counts\":{\"infoRequests\":0,\"proposals\":0,\"objections\":0,\"executionIssues\":0,\"progressReports\":0,\"reopens\":0,\"extensions\":0,\"breaches\":{\"acknowledge\":0,\"tr" +
  "iage\":0,\"firstContact\":0,\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolution\":0,\"regulatory\":0},\"backdated\":0},\"involved\":[]},\"children\":{}}{\"status\":\"active\",\"" +
  "value\":{\"open\":{\"resolving\":\"awaitingCustomer\"}},\"historyValue\":{},\"context\":{\"id\":\"d-2\",\"now\":1795407600000,\"routing\":{\"categories\":[\"logistics\"],\"severity\":\"g" +
  "eneral\",\"department\":\"logistics\",\"assignee\":\"handler-1\",\"classification\":{\"product\":null,\"cause\":null},\"vulnerability\":[]},\"escalation\":{\"level\":0,\"max\":0,\"coun" +
  "t\":0,\"byReason\":{\"breach\":0,\"manual\":0,\"objection\":0,\"urgent\":0,\"reopen\":0},\"byLevel\":[]},\"sla\":{\"acknowledge\":{\"rule\":\"acknowledge\",\"calendar\":\"always\",\"starte" +
  "dAt\":1795406400000,\"periodStart\":1795406400000,\"deadline\":1795492800000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":17954066400" +
  "00,\"changedAt\":1795406400000},\"triage\":{\"rule\":\"triage\",\"calendar\":\"business\",\"startedAt\":1795406640000,\"periodStart\":1795406640000,\"deadline\":1795419000000,\"wa" +
  "rnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795406880000,\"changedAt\":1795406640000},\"firstContact\":{\"rule\":\"firstContact.general\"" +
  ",\"calendar\":\"business\",\"startedAt\":1795406880000,\"periodStart\":1795406880000,\"deadline\":1795419000000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pause" +
  "dWork\":0,\"endedAt\":1795407120000,\"changedAt\":1795406880000},\"proposal\":{\"rule\":\"proposal\",\"calendar\":\"business\",\"startedAt\":1795407360000,\"periodStart\":17954073" +
  "60000,\"deadline\":1795498200000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795407600000,\"changedAt\":1795407360000}},\"milestone" +
  "s\":{\"acknowledgedAt\":1795406640000,\"contactedAt\":1795407120000,\"closedAt\":null,\"reopenUntil\":null,\"archivedAt\":null},\"resolution\":{\"rootCause\":{\"method\":\"fishbo" +
  "ne\",\"cause\":\"packaging\",\"liability\":\"logistics_partner\",\"at\":1795407360000,\"by\":\"handler-1\"},\"proposal\":{\"remedies\":[\"refund\"],\"compensation\":0,\"commitments\":[]" +
  ",\"executeBy\":1795694400000,\"proposedAt\":1795407600000,\"proposedBy\":{\"id\":\"handler-1\",\"role\":\"handler\"}},\"followUp\":null,\"outcome\":null,\"closingNote\":null,\"decis" +
  "ion\":null,\"redressPaid\":null},\"counts\":{\"infoRequests\":0,\"proposals\":1,\"objections\":0,\"executionIssues\":0,\"progressReports\":0,\"reopens\":0,\"extensions\":0,\"breach" +
  "es\":{\"acknowledge\":0,\"triage\":0,\"firstContact\":0,\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolution\":0,\"regulatory\":0},\"backdated\":0},\"involved\":[\"handler-1\"]}" +
  ",\"children\":{}}{\"status\":\"done\",\"output\":{\"id\":\"d-1\",\"customerId\":\"cust-0\",\"channel\":\"phone\",\"categories\":[\"product_quality\",\"billing\"],\"severity\":\"urgent\",\"dep" +
  "artment\":\"quality\",\"outcome\":\"resolved\",\"filedAt\":1795395600000,\"closedAt\":1795487040000,\"archivedAt\":1795487220000,\"rootCause\":{\"method\":\"five_whys\",\"cause\":\"p" +
  "ackaging\",\"liability\":\"logistics_partner\",\"at\":1795486320000,\"by\":\"handler-0\"},\"proposal\":{\"remedies\":[\"replace\",\"apology\"],\"compensation\":0,\"commitments\":[],\"e" +
  "xecuteBy\":1795683600000,\"proposedAt\":1795486500000,\"proposedBy\":{\"id\":\"handler-0\",\"role\":\"handler\"},\"acceptedAt\":1795486680000,\"acceptance\":{\"by\":{\"id\":\"cust-0\"" +
  ",\"role\":\"customer\"},\"channel\":null,\"reference\":null}},\"satisfaction\":\"satisfied\",\"objections\":0,\"reopens\":0,\"maxEscalationLevel\":2,\"breaches\":{\"acknowledge\":1,\"" +
  "triage\":0,\"firstContact\":0,\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolution\":0,\"regulatory\":0},\"closingNote\":null,\"classification\":{\"product\":null,\"cause\":nu" +
  "ll},\"decision\":null,\"redressPaid\":0},\"value\":\"archived\",\"historyValue\":{},\"context\":{\"id\":\"d-1\",\"now\":1795487220000,\"routing\":{\"categories\":[\"product_quality\",\"" +
  "billing\"],\"severity\":\"urgent\",\"department\":\"quality\",\"assignee\":\"handler-0\",\"classification\":{\"product\":null,\"cause\":null},\"vulnerability\":[]},\"escalation\":{\"le" +
  "vel\":2,\"max\":2,\"count\":2,\"byReason\":{\"breach\":1,\"manual\":0,\"objection\":0,\"urgent\":1,\"reopen\":0},\"byLevel\":[0,1,1]},\"sla\":{\"acknowledge\":{\"rule\":\"escalation.supe" +
  "rvisor\",\"calendar\":\"business\",\"startedAt\":1795395600000,\"periodStart\":1795482000000,\"deadline\":1795501800000,\"warnAt\":[],\"state\":\"met\",\"warnings\":1,\"breaches\":1" +
  ",\"pausedWork\":0,\"endedAt\":1795485780000,\"changedAt\":1795482000000},\"triage\":{\"rule\":\"triage\",\"calendar\":\"business\",\"startedAt\":1795485780000,\"periodStart\":17954" +
  "85780000,\"deadline\":1795498380000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795485960000,\"changedAt\":1795485780000},\"firstCo" +
  "ntact\":{\"rule\":\"firstContact.urgent\",\"calendar\":\"always\",\"startedAt\":1795485960000,\"periodStart\":1795485960000,\"deadline\":1795487760000,\"warnAt\":[],\"state\":\"met" +
  "\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795486140000,\"changedAt\":1795485960000},\"proposal\":{\"rule\":\"proposal\",\"calendar\":\"business\",\"startedAt\":17" +
  "95486320000,\"periodStart\":1795486320000,\"deadline\":1795572720000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795486500000,\"cha" +
  "ngedAt\":1795486320000},\"execution\":{\"rule\":\"execution.committed\",\"calendar\":\"always\",\"startedAt\":1795486680000,\"periodStart\":1795486680000,\"deadline\":1795683600" +
  "000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795486860000,\"changedAt\":1795486680000},\"followUp\":{\"rule\":\"followUp\",\"calenda" +
  "r\":\"business\",\"startedAt\":1795486860000,\"periodStart\":1795486860000,\"deadline\":1795746060000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0," +
  "\"endedAt\":1795487040000,\"changedAt\":1795486860000}},\"milestones\":{\"acknowledgedAt\":1795485780000,\"contactedAt\":1795486140000,\"closedAt\":1795487040000,\"reopenUnt" +
  "il\":1798079040000,\"archivedAt\":1795487220000},\"resolution\":{\"rootCause\":{\"method\":\"five_whys\",\"cause\":\"packaging\",\"liability\":\"logistics_partner\",\"at\":179548632" +
  "0000,\"by\":\"handler-0\"},\"proposal\":{\"remedies\":[\"replace\",\"apology\"],\"compensation\":0,\"commitments\":[],\"executeBy\":1795683600000,\"proposedAt\":1795486500000,\"prop" +
  "osedBy\":{\"id\":\"handler-0\",\"role\":\"handler\"},\"acceptedAt\":1795486680000,\"acceptance\":{\"by\":{\"id\":\"cust-0\",\"role\":\"customer\"},\"channel\":null,\"reference\":null}},\"f" +
  "ollowUp\":{\"satisfaction\":\"satisfied\",\"at\":1795487040000,\"by\":\"qa-9\"},\"outcome\":\"resolved\",\"closingNote\":null,\"decision\":null,\"redressPaid\":0},\"counts\":{\"infoReq" +
  "uests\":0,\"proposals\":1,\"objections\":0,\"executionIssues\":0,\"progressReports\":0,\"reopens\":0,\"extensions\":0,\"breaches\":{\"acknowledge\":1,\"triage\":0,\"firstContact\":0" +
  ",\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolution\":0,\"regulatory\":0},\"backdated\":0},\"involved\":[\"handler-0\"]},\"children\":{}}{\"status\":\"done\",\"output\":{\"id\":\"" +
  "d-2\",\"customerId\":\"cust-1\",\"channel\":\"web\",\"categories\":[\"logistics\"],\"severity\":\"general\",\"department\":\"logistics\",\"outcome\":\"resolved\",\"filedAt\":1795406400000" +
  ",\"closedAt\":1795408320000,\"archivedAt\":1795408560000,\"rootCause\":{\"method\":\"fishbone\",\"cause\":\"packaging\",\"liability\":\"logistics_partner\",\"at\":1795407360000,\"by" +
  "\":\"handler-1\"},\"proposal\":{\"remedies\":[\"refund\"],\"compensation\":0,\"commitments\":[],\"executeBy\":1795694400000,\"proposedAt\":1795407600000,\"proposedBy\":{\"id\":\"hand" +
  "ler-1\",\"role\":\"handler\"},\"acceptedAt\":1795407840000,\"acceptance\":{\"by\":{\"id\":\"cust-1\",\"role\":\"customer\"},\"channel\":null,\"reference\":null}},\"satisfaction\":\"satis" +
  "fied\",\"objections\":0,\"reopens\":0,\"maxEscalationLevel\":0,\"breaches\":{\"acknowledge\":0,\"triage\":0,\"firstContact\":0,\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolut" +
  "ion\":0,\"regulatory\":0},\"closingNote\":null,\"classification\":{\"product\":null,\"cause\":null},\"decision\":null,\"redressPaid\":0},\"value\":\"archived\",\"historyValue\":{},\"" +
  "context\":{\"id\":\"d-2\",\"now\":1795408560000,\"routing\":{\"categories\":[\"logistics\"],\"severity\":\"general\",\"department\":\"logistics\",\"assignee\":\"handler-1\",\"classificat" +
  "ion\":{\"product\":null,\"cause\":null},\"vulnerability\":[]},\"escalation\":{\"level\":0,\"max\":0,\"count\":0,\"byReason\":{\"breach\":0,\"manual\":0,\"objection\":0,\"urgent\":0,\"reo" +
  "pen\":0},\"byLevel\":[]},\"sla\":{\"acknowledge\":{\"rule\":\"acknowledge\",\"calendar\":\"always\",\"startedAt\":1795406400000,\"periodStart\":1795406400000,\"deadline\":1795492800" +
  "000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795406640000,\"changedAt\":1795406400000},\"triage\":{\"rule\":\"triage\",\"calendar\":\"" +
  "business\",\"startedAt\":1795406640000,\"periodStart\":1795406640000,\"deadline\":1795419000000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"end" +
  "edAt\":1795406880000,\"changedAt\":1795406640000},\"firstContact\":{\"rule\":\"firstContact.general\",\"calendar\":\"business\",\"startedAt\":1795406880000,\"periodStart\":17954" +
  "06880000,\"deadline\":1795419000000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795407120000,\"changedAt\":1795406880000},\"proposa" +
  "l\":{\"rule\":\"proposal\",\"calendar\":\"business\",\"startedAt\":1795407360000,\"periodStart\":1795407360000,\"deadline\":1795498200000,\"warnAt\":[],\"state\":\"met\",\"warnings\":" +
  "0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795407600000,\"changedAt\":1795407360000},\"execution\":{\"rule\":\"execution.committed\",\"calendar\":\"always\",\"startedAt\":17954" +
  "07840000,\"periodStart\":1795407840000,\"deadline\":1795694400000,\"warnAt\":[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795408080000,\"change" +
  "dAt\":1795407840000},\"followUp\":{\"rule\":\"followUp\",\"calendar\":\"business\",\"startedAt\":1795408080000,\"periodStart\":1795408080000,\"deadline\":1795671000000,\"warnAt\":" +
  "[],\"state\":\"met\",\"warnings\":0,\"breaches\":0,\"pausedWork\":0,\"endedAt\":1795408320000,\"changedAt\":1795408080000}},\"milestones\":{\"acknowledgedAt\":1795406640000,\"cont" +
  "actedAt\":1795407120000,\"closedAt\":1795408320000,\"reopenUntil\":1798000320000,\"archivedAt\":1795408560000},\"resolution\":{\"rootCause\":{\"method\":\"fishbone\",\"cause\":\"" +
  "packaging\",\"liability\":\"logistics_partner\",\"at\":1795407360000,\"by\":\"handler-1\"},\"proposal\":{\"remedies\":[\"refund\"],\"compensation\":0,\"commitments\":[],\"executeBy\":" +
  "1795694400000,\"proposedAt\":1795407600000,\"proposedBy\":{\"id\":\"handler-1\",\"role\":\"handler\"},\"acceptedAt\":1795407840000,\"acceptance\":{\"by\":{\"id\":\"cust-1\",\"role\":\"c" +
  "ustomer\"},\"channel\":null,\"reference\":null}},\"followUp\":{\"satisfaction\":\"satisfied\",\"at\":1795408320000,\"by\":\"qa-9\"},\"outcome\":\"resolved\",\"closingNote\":null,\"deci" +
  "sion\":null,\"redressPaid\":0},\"counts\":{\"infoRequests\":0,\"proposals\":1,\"objections\":0,\"executionIssues\":0,\"progressReports\":0,\"reopens\":0,\"extensions\":0,\"breaches" +
  "\":{\"acknowledge\":0,\"triage\":0,\"firstContact\":0,\"proposal\":0,\"execution\":0,\"followUp\":0,\"resolution\":0,\"regulatory\":0},\"backdated\":0},\"involved\":[\"handler-1\"]},\"" +
  "children\":{}}";
