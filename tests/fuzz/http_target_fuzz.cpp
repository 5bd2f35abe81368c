// libFuzzer target: the pure parsers an HTTP request meets before any handler runs, all on the
// same input: the request target (split_target, percent_decode, query_param), the document
// routes' path and query (parse_document_path, parse_query), the calendar feeds' path
// (parse_calendar_route), the Range header (parse_range) and the upload's filename and content
// type (sanitise_filename, normalise_content_type, attachment_disposition).
//
// Properties (abort() on violation):
// - split_target accepts only an absolute path whose decoded form has no control character, DEL,
//   backslash or `.`/`..` segment; its path is the percent-decoding of the part before `?` and its
//   query the raw rest. It accepts every target that satisfies that (checked against a model).
// - percent_decode agrees with an independent model; query_param returns the model's decoding of
//   the first pair with that name.
// - parse_query: names are unique, and re-encoding the map parses back to the same map; whatever
//   query_param finds for one of its names agrees with it.
// - parse_document_path and parse_calendar_route: an accepted path is exactly the canonical
//   rendering of what it parsed to (ids 1..2^53-1, tokens base64url); is_document_path says yes
//   to an accepted document path.
// - parse_range agrees with a model of RFC 9110 single ranges; a partial range lies inside the
//   representation.
// - sanitise_filename: an accepted name is valid UTF-8, 1..255 bytes, without control or
//   direction characters, `/ \ " * : < > ? |`, leading spaces or trailing spaces/dots, not a
//   Windows device name, and sanitising it again changes nothing; a refusal has a reason.
// - attachment_disposition of an accepted name: one header line of printable ASCII whose
//   filename* percent-decodes to the name and whose quoted fallback needs no escaping.
// - normalise_content_type: printable ASCII, lower-case essence, at most 200 characters, and
//   normalising it again changes nothing.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "calendar/calendar_route.hpp"
#include "documents/byte_range.hpp"
#include "documents/document_metadata.hpp"
#include "documents/document_path.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/net/upgrade_policy.hpp"

namespace net = traffpunkt::net;
namespace svc = traffpunkt::service;

namespace {

void require(bool ok) {
    if (!ok) {
        std::abort();
    }
}

int model_hex(char c) {
    const std::string_view digits = "0123456789abcdef";
    const auto lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const auto at = digits.find(lower);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

/** Percent-decoding as RFC 3986 defines it; `plus_is_space` for form-style queries. */
std::optional<std::string> model_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '%') {
            if (s.size() - i < 3 || model_hex(s[i + 1]) < 0 || model_hex(s[i + 2]) < 0) {
                return std::nullopt;
            }
            out += static_cast<char>(model_hex(s[i + 1]) * 16 + model_hex(s[i + 2]));
            i += 3;
        } else {
            out += plus_is_space && s[i] == '+' ? ' ' : s[i];
            i += 1;
        }
    }
    return out;
}

/** Whether a decoded path is one split_target must accept. */
bool model_safe_path(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F || c == '\\') {
            return false;
        }
    }
    std::size_t start = 1;
    while (true) {
        const auto end = path.find('/', start);
        const auto segment = path.substr(start, end == std::string_view::npos ? end : end - start);
        if (segment == "." || segment == "..") {
            return false;
        }
        if (end == std::string_view::npos) {
            return true;
        }
        start = end + 1;
    }
}

void check_target(std::string_view input) {
    const auto parts = net::split_target(input);
    const auto q = input.find('?');
    const auto raw_path = input.substr(0, q);
    const auto decoded = model_decode(raw_path, false);
    const bool expected = !input.empty() && input.front() == '/' && input.size() <= 8192 &&
                          decoded && model_safe_path(*decoded);
    require(parts.has_value() == expected);
    if (parts) {
        require(parts->path == *decoded);
        require(parts->query == (q == std::string_view::npos ? "" : input.substr(q + 1)));
        // What the routes do next with an accepted target.
        (void)svc::parse_query(parts->query);
        (void)net::query_param(parts->query, "access_token");
        if (const auto p = svc::parse_document_path(parts->path)) {
            require(svc::is_document_path(parts->path));
        }
    }
    require(net::percent_decode(input) == model_decode(input, false));
}

/** query_param as documented: the first pair whose raw name matches, its value decoded. */
std::optional<std::optional<std::string>> model_query_param(std::string_view query,
                                                            std::string_view name) {
    std::size_t start = 0;
    while (start < query.size()) {
        const auto amp = query.find('&', start);
        const auto pair = query.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return model_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return std::nullopt;
}

std::string encode_component(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

void check_query(std::string_view input) {
    for (const std::string_view name : {"access_token", "filename", "title", ""}) {
        const auto found = net::query_param(input, name);
        const auto model = model_query_param(input, name);
        require(found.has_value() == (model.has_value() && model->has_value()));
        if (found) {
            require(*found == **model);
        }
    }
    const auto query = svc::parse_query(input);
    if (!query) {
        return;
    }
    std::string again;
    for (const auto& [name, value] : *query) {
        if (!again.empty()) {
            again += '&';
        }
        again += encode_component(name) + "=" + encode_component(value);
        // query_param matches names undecoded; for a name that needs no escaping, the one pair
        // it can find is the one parse_query decoded to that name.
        // (An empty name is left out: query_param finds it in the empty pair of `a&&b`, which
        // parse_query skips.)
        const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == '~';
        });
        const auto first = plain ? net::query_param(input, name) : std::nullopt;
        require(!first || *first == value);
    }
    const auto reparsed = svc::parse_query(again);
    require(reparsed && *reparsed == *query);
}

void check_document_path(std::string_view input) {
    const auto p = svc::parse_document_path(input);
    if (!p) {
        return;
    }
    require(svc::is_document_path(input));
    require(p->meeting_id >= 1 && p->meeting_id <= 9'007'199'254'740'991);
    std::string canonical = "/meetings/" + std::to_string(p->meeting_id) + "/documents";
    if (p->document_id) {
        require(*p->document_id >= 1 && *p->document_id <= 9'007'199'254'740'991);
        canonical += "/" + std::to_string(*p->document_id);
        if (p->versions) {
            canonical += "/versions";
            if (p->version) {
                require(*p->version >= 1);
                canonical += "/" + std::to_string(*p->version);
            }
        }
    } else {
        require(!p->versions && !p->version);
    }
    require(!p->version || p->versions);
    require(canonical == input);
    require(p->is_collection() == (!p->document_id || (p->versions && !p->version)));
}

void check_calendar_route(std::string_view input) {
    const auto r = svc::parse_calendar_route(input);
    if (!r) {
        return;
    }
    using feed = svc::calendar_route::feed;
    std::string canonical;
    if (r->kind == feed::person) {
        require(r->id == 0 && !r->token.empty() && r->token.size() <= 256);
        require(std::all_of(r->token.begin(), r->token.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_';
        }));
        canonical = "/calendar/person/" + r->token + ".ics";
    } else {
        require(r->token.empty() && r->id >= 1 && r->id <= 9'007'199'254'740'991);
        canonical = (r->kind == feed::network ? "/calendar/network/" : "/calendar/meetings/") +
                    std::to_string(r->id) + ".ics";
    }
    require(canonical == input);
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<std::uint64_t> model_number(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    unsigned __int128 v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
        if (v > UINT64_MAX) {
            return std::nullopt;
        }
    }
    return static_cast<std::uint64_t>(v);
}

/** parse_range as its header documents it. */
svc::range_request model_range(std::string_view header, std::uint64_t size) {
    using kind = svc::range_request::kind;
    const svc::range_request whole{};
    const auto text = trim_ows(header);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
        return whole;
    }
    std::string unit(trim_ows(text.substr(0, eq)));
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    const auto spec = trim_ows(text.substr(eq + 1));
    const auto dash = spec.find('-');
    if (unit != "bytes" || spec.find(',') != std::string_view::npos ||
        dash == std::string_view::npos) {
        return whole;
    }
    const auto first = model_number(spec.substr(0, dash));
    const auto last = model_number(spec.substr(dash + 1));
    if (dash == 0) {
        if (!last) {
            return whole;
        }
        if (*last == 0 || size == 0) {
            return {kind::unsatisfiable, 0, 0};
        }
        return {kind::partial, *last >= size ? 0 : size - *last, size - 1};
    }
    if (!first || (dash + 1 < spec.size() && (!last || *last < *first))) {
        return whole;
    }
    if (*first >= size) {
        return {kind::unsatisfiable, 0, 0};
    }
    return {kind::partial, *first, last ? std::min(*last, size - 1) : size - 1};
}

void check_range(std::string_view input) {
    require(svc::parse_range(std::nullopt, 10).what == svc::range_request::kind::whole);
    const std::array<std::uint64_t, 7> sizes{
        0, 1, 2, 1000, input.size(), UINT64_MAX, 0x1'0000'0000ULL + input.size()};
    for (const auto size : sizes) {
        const auto r = svc::parse_range(input, size);
        const auto m = model_range(input, size);
        require(r.what == m.what);
        if (r.what == svc::range_request::kind::partial) {
            require(r.first == m.first && r.last == m.last);
            require(size > 0 && r.first <= r.last && r.last < size);
        }
    }
}

/** Code points of valid UTF-8 (checked by the caller). */
template <class F>
void for_each_code_point(std::string_view s, F f) {
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? lead : n == 2 ? (lead & 0x1F) : n == 3 ? (lead & 0x0F) : (lead & 7);
        for (std::size_t k = 1; k < n; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        f(c);
        i += n;
    }
}

bool is_windows_device(std::string_view name) {
    std::string stem(name.substr(0, name.find('.')));
    while (!stem.empty() && stem.back() == ' ') {
        stem.pop_back();
    }
    for (auto& c : stem) {
        c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
    }
    if (stem == "CON" || stem == "PRN" || stem == "AUX" || stem == "NUL") {
        return true;
    }
    return stem.size() == 4 && (stem.starts_with("COM") || stem.starts_with("LPT")) &&
           stem[3] >= '1' && stem[3] <= '9';
}

void check_disposition(const std::string& name) {
    const auto header = svc::attachment_disposition(name);
    for (const char ch : header) {
        const auto c = static_cast<unsigned char>(ch);
        require(c >= 0x20 && c < 0x7F);
    }
    constexpr std::string_view start = "attachment; filename=\"";
    constexpr std::string_view middle = "\"; filename*=UTF-8''";
    require(header.starts_with(start));
    const auto end = header.find(middle, start.size());
    require(end != std::string::npos);
    const auto fallback = std::string_view(header).substr(start.size(), end - start.size());
    require(fallback.find_first_of("\"\\%") == std::string_view::npos);
    const auto encoded = std::string_view(header).substr(end + middle.size());
    for (const char c : encoded) {
        const bool attr_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') ||
                               std::string_view("!#$&+-.^_`|~%").find(c) != std::string_view::npos;
        require(attr_char);
    }
    require(model_decode(encoded, false) == name);
}

void check_filename(std::string_view input) {
    const auto s = svc::sanitise_filename(input);
    require(s.name.empty() != s.refusal.empty());
    if (s.name.empty()) {
        return;
    }
    const auto& name = s.name;
    require(traffpunkt::domain::is_valid_utf8(name));
    require(name.size() <= 255);
    require(name.front() != ' ' && name.back() != ' ' && name.back() != '.');
    require(!is_windows_device(name));
    for_each_code_point(name, [](char32_t c) {
        require(!(c < 0x20 || (c >= 0x7F && c <= 0x9F)));
        require(std::u32string_view(U"/\\\"*:<>?|").find(c) == std::u32string_view::npos);
        require(!((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
                  c == 0x200F || c == 0x061C));
    });
    const auto again = svc::sanitise_filename(name);
    require(again.refusal.empty() && again.name == name);
    check_disposition(name);
}

void check_content_type(std::string_view input) {
    const auto type = svc::normalise_content_type(input);
    if (!type) {
        return;
    }
    require(!type->empty() && type->size() <= 200);
    for (const char ch : *type) {
        const auto c = static_cast<unsigned char>(ch);
        require(c >= 0x20 && c <= 0x7E);
    }
    const auto essence = std::string_view(*type).substr(0, type->find(';'));
    require(essence.find('/') != std::string_view::npos);
    require(
        std::none_of(essence.begin(), essence.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
    require(svc::normalise_content_type(*type) == type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_target(input);
    check_query(input);
    check_document_path(input);
    check_calendar_route(input);
    check_range(input);
    check_filename(input);
    check_content_type(input);
    return 0;
}
