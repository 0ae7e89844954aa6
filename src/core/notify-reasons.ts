import type { ReasonCode } from "./reasons.js";

/**
 * Why, in plain words addressed to the applicant, for nest notify's messages: one sentence per reason code of
 * excluded.csv (core/reasons.ts says the same to the coordinator), and per reason a place was released after the
 * draw (replacements.csv). A code this table does not know is told in the words of the file's own Reason column.
 */
export const NOTICE_REASONS: Record<ReasonCode, string> & Record<string, string> = {
  MISSING_EMAIL: "No email address was given.",
  INVALID_EMAIL: "The email address given does not look like one.",
  DUPLICATE: "The same email address applied more than once; only the earliest application counts.",
  NO_CATEGORY: "No group was chosen on the form.",
  UNKNOWN_CATEGORY: "The group named on the form is not one of the program's groups.",
  AGE_UNKNOWN: "A group with an age limit was chosen, but no usable date of birth or age was given.",
  AGE_CONFLICT: "The date of birth and the age given do not agree.",
  AGE_NOT_ELIGIBLE: "Your age on the session date is outside the age limits of every group you chose.",
  DISTRICT_CONFLICT: "Your police district, neighborhood and ZIP code answers point to different police districts.",
  DISTRICT_NOT_FOUND: "The police district given is not one of the city's police districts.",
  ZIP_STRADDLES: "Your ZIP code spans several police districts, and nothing else on the form said which one you live in.",
  ZIP_NEEDS_REVIEW: "Your ZIP code is mostly outside the city or a PO box, so it cannot tell which police district you live in.",
  OUTSIDE_CITY: "You live outside the city's police districts.",
  DISTRICT_UNKNOWN: "Nothing on the form said which police district you live in (no district, known neighborhood or ZIP code).",
  // After the draw (nest replace: replacements.csv's Reason code, and excluded.csv's for the people replaced).
  INELIGIBLE: "After the draw, you were found not to be eligible for your place.",
  REPLACED_INELIGIBLE: "After the draw, you were found not to be eligible for your place.",
  DECLINED: "You told us you cannot take your place.",
  NO_REPLY: "We did not hear back from you in time.",
};

/** A reason code's sentence, or the file's own words for a code the table does not know. */
export function noticeReason(code: string, fileReason: string): string {
  return Object.hasOwn(NOTICE_REASONS, code) ? NOTICE_REASONS[code]! : fileReason;
}
