/**
 * Reason codes for excluded applicants: a table, so the README, the audit and the
 * tests all read the same list. Codes are stable: tools and people filter on them.
 */
export const REASONS = {
  MISSING_EMAIL: "No email address was given; applicants are notified by email.",
  INVALID_EMAIL: "The email address does not look like one (name@example.org).",
  DUPLICATE: "The same email address applied earlier; the earliest submission counts.",
  NO_CATEGORY: "No group (category) was chosen.",
  UNKNOWN_CATEGORY: "The group named is not one of the program's categories.",
  AGE_UNKNOWN: "A category with an age rule was named, but no usable date of birth or age was given.",
  AGE_CONFLICT: "The date of birth and the age given disagree.",
  AGE_NOT_ELIGIBLE: "The applicant's age on the session date is outside every category they named.",
  DISTRICT_CONFLICT: "The district answer, neighbourhood and ZIP code point to different police districts.",
  DISTRICT_NOT_FOUND: "The district answer is not one of the police districts.",
  ZIP_STRADDLES: "The ZIP code spans several police districts and nothing else places the applicant.",
  ZIP_NEEDS_REVIEW: "The ZIP code is mostly outside the city or a PO box; it cannot place the applicant.",
  OUTSIDE_CITY: "The applicant lives outside the city's police districts.",
  DISTRICT_UNKNOWN: "Nothing usable to place the applicant in a police district (no district, known neighbourhood or ZIP).",
} as const;

export type ReasonCode = keyof typeof REASONS;

export interface Exclusion {
  code: ReasonCode;
  /** A sentence about this applicant, e.g. "duplicate of row 12 (R12)". */
  reason: string;
}
