#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::domain {

/**
 * The distinct words of one open-text answer, as a word cloud counts them, sorted (by UTF-8
 * bytes) and each once:
 *
 * - Words are runs of letters and digits. ASCII punctuation, white space and common Unicode
 *   punctuation and symbols (quotes “ ” ‘ ’ « », dashes – —, …, •, §, emoji, ...) separate
 *   words; letters of other scripts (Greek, Cyrillic, ...) are kept. An apostrophe between two
 *   letters stays inside the word ("don't"), written as U+0027.
 * - Words are lower-cased for ASCII, Latin-1 Supplement, Latin Extended-A (Å→å, Ä→ä, Ö→ö, É→é,
 *   Ü→ü, Ø→ø, Æ→æ, Č→č, Ł→ł ...), Latin Extended Additional, basic Greek and Cyrillic; a base
 *   letter followed by a combining ring, diaeresis, acute or grave accent is composed, so
 *   "a\u030A" and "å" count as one word.
 * - Words of one character and common Swedish and English function words (och, att, det, som,
 *   en, är, på, the, and, of, to, is, ...) are dropped.
 *
 * `text` should be valid UTF-8 (validate_ballot refuses anything else); a malformed byte is
 * treated as a separator.
 */
std::vector<std::string> cloud_words(std::string_view text);

}  // namespace traffpunkt::domain
