#include "traffpunkt/domain/word_cloud.hpp"

#include <array>
#include <set>
#include <unordered_set>

namespace traffpunkt::domain {

namespace {

constexpr char32_t replacement = 0xFFFD;

/**
 * Common function words of Swedish and English, lower case. They would top every cloud and
 * say nothing. Words that are function words in one language and content in the other ("man",
 * "men", "dig") are dropped too: a cloud loses little by it.
 */
// A plain array: deducing std::array's size from 279 elements exceeds clang's fold-expression
// nesting limit (256), which broke the clang fuzz build.
constexpr const char* stop_words[] = {
    // Swedish
    "alla", "allt", "andra", "att", "av", "bara", "blev", "bli", "blir", "blivit", "de", "dem",
    "den", "denna", "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du",
    "där", "då", "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha",
    "hade", "han", "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke",
    "ingen", "inom", "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig",
    "min", "mina", "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och",
    "också", "om", "oss", "på", "samma", "sedan", "sig", "sin", "sina", "ska", "skall", "skulle",
    "som", "så", "sådan", "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var",
    "vara", "varför", "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas",
    "vilken", "vilket", "vår", "våra", "vårt", "än", "är", "åt", "även", "över",
    // English
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more",
    "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
    "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "until", "up", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your", "yours", "yourself", "yourselves",
    // English contractions: the apostrophe stays inside a word.
    "aren't", "can't", "couldn't", "didn't", "doesn't", "don't", "hadn't", "hasn't", "haven't",
    "he's", "i'd", "i'll", "i'm", "i've", "isn't", "it's", "let's", "she's", "shouldn't", "that's",
    "there's", "they'd", "they'll", "they're", "they've", "wasn't", "we'd", "we'll", "we're",
    "we've", "weren't", "what's", "won't", "wouldn't", "you'd", "you'll", "you're", "you've"};

bool is_stop_word(std::string_view word) {
    static const std::unordered_set<std::string_view> set(std::begin(stop_words),
                                                          std::end(stop_words));
    return set.contains(word);
}

/** Decodes UTF-8 leniently: a malformed byte becomes U+FFFD, which separates words. */
std::vector<char32_t> decode(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[pos]);
        std::size_t length = 0;
        char32_t cp = 0;
        if (b0 < 0x80) {
            length = 1;
            cp = b0;
        } else if (b0 >= 0xC2 && b0 < 0xE0) {
            length = 2;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 < 0xF0) {
            length = 3;
            cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 < 0xF5) {
            length = 4;
            cp = b0 & 0x07;
        }
        bool ok = length != 0 && s.size() - pos >= length;
        for (std::size_t i = 1; ok && i < length; ++i) {
            const auto b = static_cast<unsigned char>(s[pos + i]);
            ok = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (!ok) {
            out.push_back(replacement);
            ++pos;
            continue;
        }
        out.push_back(cp);
        pos += length;
    }
    return out;
}

void encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool in(char32_t cp, char32_t first, char32_t last) {
    return cp >= first && cp <= last;
}

/**
 * True for code points that separate words: everything in ASCII but letters and digits,
 * Latin-1 punctuation and symbols, and the blocks of punctuation, symbols, emoji, private use
 * and specials. Everything else is taken as part of a word, so other scripts keep their words.
 */
bool is_separator(char32_t cp) {
    if (cp < 0x80) {
        return !(in(cp, 'a', 'z') || in(cp, 'A', 'Z') || in(cp, '0', '9'));
    }
    if (cp < 0xC0) {
        return cp != 0xAA && cp != 0xB5 && cp != 0xBA;  // ª µ º are letters
    }
    return cp == 0xD7 || cp == 0xF7 ||  // × ÷
           in(cp, 0x2000, 0x2BFF) ||    // punctuation, currency, arrows, maths, shapes, dingbats
           in(cp, 0x2E00, 0x2E7F) ||    // supplemental punctuation
           in(cp, 0x3000, 0x303F) ||    // CJK punctuation
           in(cp, 0xD800, 0xF8FF) ||    // surrogates, private use
           in(cp, 0xFE00, 0xFE1F) ||    // variation selectors, vertical forms
           in(cp, 0xFE30, 0xFE6F) ||    // CJK compatibility forms, small punctuation
           cp == 0xFEFF ||              // byte order mark
           in(cp, 0xFF00, 0xFF0F) || in(cp, 0xFF1A, 0xFF20) || in(cp, 0xFF3B, 0xFF40) ||
           in(cp, 0xFF5B, 0xFF65) ||    // full-width punctuation
           in(cp, 0xFFF0, 0xFFFF) ||    // specials, U+FFFD
           in(cp, 0x1F000, 0x1FAFF) ||  // emoji, playing cards, symbols
           in(cp, 0xE0000, 0xE007F) ||  // tags
           cp >= 0xF0000;               // private use planes
}

bool is_apostrophe(char32_t cp) {
    return cp == '\'' || cp == 0x2019;
}

/** Simple lower-case mapping for the scripts a Swedish audience types. */
char32_t to_lower(char32_t cp) {
    if (in(cp, 'A', 'Z')) {
        return cp + 0x20;
    }
    if (cp < 0xC0) {
        return cp;
    }
    if (in(cp, 0xC0, 0xDE) && cp != 0xD7) {
        return cp + 0x20;  // À..Þ -> à..þ
    }
    if (cp == 0x130) {
        return 'i';  // İ
    }
    if (cp == 0x178) {
        return 0xFF;  // Ÿ
    }
    // Latin Extended-A and Extended Additional pair capitals and small letters side by side:
    // capital on the even code point, except in the two runs where it is on the odd one.
    if (in(cp, 0x100, 0x137) || in(cp, 0x14A, 0x177) || in(cp, 0x1E00, 0x1E95) ||
        in(cp, 0x1EA0, 0x1EFF)) {
        return cp % 2 == 0 ? cp + 1 : cp;
    }
    if (in(cp, 0x139, 0x148) || in(cp, 0x179, 0x17E)) {
        return cp % 2 == 1 ? cp + 1 : cp;
    }
    if (cp == 0x1E9E) {
        return 0xDF;  // ẞ
    }
    // Greek
    if (in(cp, 0x391, 0x3A9) && cp != 0x3A2) {
        return cp + 0x20;
    }
    if (cp == 0x386) {
        return 0x3AC;
    }
    if (in(cp, 0x388, 0x38A)) {
        return cp + 0x25;
    }
    if (cp == 0x38C) {
        return 0x3CC;
    }
    if (in(cp, 0x38E, 0x38F)) {
        return cp + 0x3F;
    }
    // Cyrillic
    if (in(cp, 0x410, 0x42F)) {
        return cp + 0x20;
    }
    if (in(cp, 0x400, 0x40F)) {
        return cp + 0x50;
    }
    return cp;
}

/** A lower-case base letter and a combining mark that together make one precomposed letter. */
struct composition {
    char32_t base;
    char32_t mark;
    char32_t composed;
};

// Decomposed input (NFD, e.g. pasted from some macOS applications) for the letters Swedish,
// Finnish, German, French and Spanish answers use.
constexpr std::array<composition, 22> compositions{{
    {'a', 0x30A, 0xE5}, {'u', 0x30A, 0x16F},                      // ring: å ů
    {'a', 0x308, 0xE4}, {'o', 0x308, 0xF6},  {'u', 0x308, 0xFC},  // diaeresis: ä ö ü
    {'e', 0x308, 0xEB}, {'i', 0x308, 0xEF},  {'y', 0x308, 0xFF},  // ë ï ÿ
    {'a', 0x301, 0xE1}, {'e', 0x301, 0xE9},  {'i', 0x301, 0xED},  // acute: á é í
    {'o', 0x301, 0xF3}, {'u', 0x301, 0xFA},  {'y', 0x301, 0xFD},  // ó ú ý
    {'a', 0x300, 0xE0}, {'e', 0x300, 0xE8},  {'i', 0x300, 0xEC},  // grave: à è ì
    {'o', 0x300, 0xF2}, {'u', 0x300, 0xF9},                       // ò ù
    {'n', 0x303, 0xF1}, {'a', 0x303, 0xE3},  {'o', 0x303, 0xF5},  // tilde: ñ ã õ
}};

/** Appends `cp` (already lower case) to `word`, composing it with the previous letter. */
void append(std::u32string& word, char32_t cp) {
    if (!word.empty()) {
        for (const auto& c : compositions) {
            if (c.base == word.back() && c.mark == cp) {
                word.back() = c.composed;
                return;
            }
        }
    }
    word += cp;
}

}  // namespace

std::vector<std::string> cloud_words(std::string_view text) {
    const auto cps = decode(text);
    std::set<std::string> words;
    std::u32string word;
    const auto finish = [&] {
        // One-letter words ("i", "a", a stray digit) carry no meaning in a cloud.
        if (word.size() >= 2) {
            std::string utf8;
            for (const auto cp : word) {
                encode(cp, utf8);
            }
            if (!is_stop_word(utf8)) {
                words.insert(std::move(utf8));
            }
        }
        word.clear();
    };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const auto cp = cps[i];
        if (is_apostrophe(cp)) {
            // Inside a word ("don't") it belongs to it; around a word it is a quote mark.
            const bool inside = !word.empty() && i + 1 < cps.size() && !is_separator(cps[i + 1]) &&
                                !is_apostrophe(cps[i + 1]);
            if (inside) {
                word += U'\'';
            } else {
                finish();
            }
        } else if (is_separator(cp)) {
            finish();
        } else {
            append(word, to_lower(cp));
        }
    }
    finish();
    return {words.begin(), words.end()};
}

}  // namespace traffpunkt::domain
