import type { Policy } from '../policy.js';
import { guidelinePolicy } from './guideline.js';
import { asicRg271, cfpb, fcaDisp, nfra2020, psd2 } from './regulatory.js';

/**
 * Ready-made policies. `guideline` is the default (the enterprise
 * complaint-handling guideline); the others carry regulators' published
 * numbers and name their source in `policy.source`.
 *
 * @example
 * const machine = createComplaintMachine(presets.psd2);
 */
export const presets: Readonly<{
  guideline: Policy;
  fcaDisp: Policy;
  psd2: Policy;
  cfpb: Policy;
  asicRg271: Policy;
  nfra2020: Policy;
}> = Object.freeze({ guideline: guidelinePolicy, fcaDisp, psd2, cfpb, asicRg271, nfra2020 });

/** Names of the presets. */
export type PresetName = keyof typeof presets;
