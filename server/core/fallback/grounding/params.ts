import data from '../../../../native/core/data/consensus.json';

/** The grounding's tolerance and limits, from the one data file both backends read. */
export const GROUNDING = data.grounding;
