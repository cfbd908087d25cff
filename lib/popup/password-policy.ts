/**
 * The weakest zxcvbn score the wallet accepts for its password (3 of 4: "safely unguessable", about 10^10
 * guesses): below that an attacker holding the encrypted vault file guesses it quickly despite scrypt.
 * Kept apart from the estimator so importing the rule does not pull in its dictionaries.
 */
export const MIN_PASSWORD_SCORE = 3;
