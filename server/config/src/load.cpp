#include "traffpunkt/config/load.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include <toml++/toml.h>

#include "host_chars.hpp"
#include "traffpunkt/config/address_range.hpp"

namespace traffpunkt::config {

config_error::config_error(std::string key, const std::string& reason)
    : std::runtime_error("config error: " + key + ": " + reason), key_(std::move(key)) {}

namespace {

using value_ref = std::variant<std::string*, bool*, unsigned*, int*, std::size_t*, double*,
                               std::vector<std::string>*>;

/** One setting: its dotted key and where its value lives in a settings object. */
struct field {
    std::string_view key;
    value_ref value;
};

// The sections of the file; each is a TOML table and a member struct of `settings`.
constexpr std::array<std::string_view, 14> tables = {
    "websocket", "http",        "connections", "tls",    "store",    "hub",  "polls",
    "questions", "idempotency", "retention",   "tokens", "audience", "mail", "metrics"};

// Every setting, in the order of settings.hpp. A member added there must be added here and to
// config/traffpunkt.toml (a unit test checks that the file lists every key below).
std::vector<field> fields(settings& s) {
    return {
        {"listen", &s.listen},
        {"data_dir", &s.data_dir},
        {"threads", &s.threads},
        {"public_base_url", &s.public_base_url},
        {"uid_host", &s.uid_host},
        {"allowed_origins", &s.allowed_origins},
        {"web_root", &s.web_root},
        {"demo_data", &s.demo_data},
        {"log_format", &s.log_format},
        {"log_level", &s.log_level},
        {"websocket.read_message_max", &s.websocket.read_message_max},
        {"websocket.queue_max_messages", &s.websocket.queue_max_messages},
        {"websocket.queue_max_bytes", &s.websocket.queue_max_bytes},
        {"websocket.handshake_timeout_s", &s.websocket.handshake_timeout_s},
        {"websocket.idle_ping_s", &s.websocket.idle_ping_s},
        {"websocket.max_subscriptions", &s.websocket.max_subscriptions},
        {"websocket.rate_per_s", &s.websocket.rate_per_s},
        {"websocket.rate_burst", &s.websocket.rate_burst},
        {"http.header_max", &s.http.header_max},
        {"http.body_max", &s.http.body_max},
        {"http.read_timeout_s", &s.http.read_timeout_s},
        {"http.upload_max", &s.http.upload_max},
        {"connections.max_connections", &s.connections.max_connections},
        {"connections.max_per_address", &s.connections.max_per_address},
        {"tls.cert_file", &s.tls.cert_file},
        {"tls.key_file", &s.tls.key_file},
        {"store.synchronous", &s.store.synchronous},
        {"store.group_commit", &s.store.group_commit},
        {"store.max_batch", &s.store.max_batch},
        {"store.read_connections", &s.store.read_connections},
        {"hub.topic_history", &s.hub.topic_history},
        {"hub.poll_tally_interval_ms", &s.hub.poll_tally_interval_ms},
        {"hub.max_idle_topics", &s.hub.max_idle_topics},
        {"hub.max_idle_history_bytes", &s.hub.max_idle_history_bytes},
        {"polls.anonymous_batch_min", &s.polls.anonymous_batch_min},
        {"polls.anonymous_batch_max_wait_ms", &s.polls.anonymous_batch_max_wait_ms},
        {"polls.anonymous_tally_min_new", &s.polls.anonymous_tally_min_new},
        {"questions.asks_per_minute", &s.questions.asks_per_minute},
        {"questions.votes_per_minute", &s.questions.votes_per_minute},
        {"questions.max_per_board", &s.questions.max_per_board},
        {"questions.text_max", &s.questions.text_max},
        {"questions.votes_interval_ms", &s.questions.votes_interval_ms},
        {"idempotency.retention_s", &s.idempotency.retention_s},
        {"idempotency.cleanup_interval_s", &s.idempotency.cleanup_interval_s},
        {"retention.needs_days", &s.retention.needs_days},
        {"retention.pseudonymise_months", &s.retention.pseudonymise_months},
        {"retention.access_log_months", &s.retention.access_log_months},
        {"retention.interval_s", &s.retention.interval_s},
        {"tokens.revocation_check_ms", &s.tokens.revocation_check_ms},
        {"audience.join_burst", &s.audience.join_burst},
        {"audience.join_per_minute", &s.audience.join_per_minute},
        {"audience.max_devices", &s.audience.max_devices},
        {"audience.unused_device_s", &s.audience.unused_device_s},
        {"metrics.allow", &s.metrics.allow},
        {"mail.transport", &s.mail.transport},
        {"mail.url", &s.mail.url},
        {"mail.require_tls", &s.mail.require_tls},
        {"mail.from", &s.mail.from},
        {"mail.from_name", &s.mail.from_name},
        {"mail.credentials_file", &s.mail.credentials_file},
        {"mail.ca_file", &s.mail.ca_file},
        {"mail.rate_per_minute", &s.mail.rate_per_minute},
        {"mail.timeout_ms", &s.mail.timeout_ms},
        {"mail.poll_interval_ms", &s.mail.poll_interval_ms},
        {"mail.retry_initial_ms", &s.mail.retry_initial_ms},
        {"mail.retry_max_ms", &s.mail.retry_max_ms},
        {"mail.max_attempts", &s.mail.max_attempts},
        {"mail.reminder_hours", &s.mail.reminder_hours},
        {"mail.reminder_check_s", &s.mail.reminder_check_s},
        {"mail.body_retention_h", &s.mail.body_retention_h},
        {"mail.retention_days", &s.mail.retention_days},
        {"mail.send_link_per_address_per_hour", &s.mail.send_link_per_address_per_hour},
        {"mail.send_link_per_source_per_hour", &s.mail.send_link_per_source_per_hour},
    };
}

const field* find_field(const std::vector<field>& all, std::string_view key) {
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const field& f) { return f.key == key; });
    return it == all.end() ? nullptr : &*it;
}

std::string in_quotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

template <typename T>
constexpr bool is_integer_setting =
    std::is_same_v<T, unsigned> || std::is_same_v<T, int> || std::is_same_v<T, std::size_t>;

/** Narrows a parsed integer to the member's type, refusing what does not fit. */
template <typename T>
T narrow(std::int64_t value, std::string_view key, const std::string& where) {
    if (std::is_unsigned_v<T> && value < 0) {
        throw config_error(std::string(key),
                           "must not be negative, got " + std::to_string(value) + where);
    }
    if (std::cmp_less(value, std::numeric_limits<T>::min()) ||
        std::cmp_greater(value, std::numeric_limits<T>::max())) {
        throw config_error(std::string(key), "out of range, got " + std::to_string(value) + where);
    }
    return static_cast<T>(value);
}

// ---- the file ----------------------------------------------------------------------------------

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table:
            return "table";
        case toml::node_type::array:
            return "array";
        case toml::node_type::string:
            return "string";
        case toml::node_type::integer:
            return "integer";
        case toml::node_type::floating_point:
            return "float";
        case toml::node_type::boolean:
            return "boolean";
        case toml::node_type::date:
            return "date";
        case toml::node_type::time:
            return "time";
        case toml::node_type::date_time:
            return "date-time";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

std::string line_of(const toml::node& node) {
    return " (line " + std::to_string(node.source().begin.line) + ")";
}

void assign_from_toml(const field& f, const toml::node& node) {
    const std::string where = line_of(node);
    const auto mismatch = [&](std::string_view expected) {
        return config_error(std::string(f.key), "expected " + std::string(expected) + ", got " +
                                                    type_name(node) + where);
    };
    std::visit(
        [&](auto* target) {
            using T = std::remove_pointer_t<decltype(target)>;
            if constexpr (std::is_same_v<T, std::string>) {
                const auto* value = node.as_string();
                if (value == nullptr) {
                    throw mismatch("a string");
                }
                *target = value->get();
            } else if constexpr (std::is_same_v<T, bool>) {
                const auto* value = node.as_boolean();
                if (value == nullptr) {
                    throw mismatch("a boolean");
                }
                *target = value->get();
            } else if constexpr (std::is_same_v<T, double>) {
                // TOML has no implicit conversions, but "rate_per_s = 20" is obviously meant.
                if (const auto* integer = node.as_integer()) {
                    *target = static_cast<double>(integer->get());
                } else if (const auto* value = node.as_floating_point()) {
                    *target = value->get();
                } else {
                    throw mismatch("a number");
                }
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                const auto* array = node.as_array();
                if (array == nullptr) {
                    throw mismatch("an array of strings");
                }
                std::vector<std::string> values;
                for (const auto& element : *array) {
                    const auto* value = element.as_string();
                    if (value == nullptr) {
                        throw config_error(std::string(f.key),
                                           "expected an array of strings, got an array holding " +
                                               type_name(element) + where);
                    }
                    values.push_back(value->get());
                }
                *target = std::move(values);
            } else {
                static_assert(is_integer_setting<T>);
                const auto* value = node.as_integer();
                if (value == nullptr) {
                    throw mismatch("an integer");
                }
                *target = narrow<T>(value->get(), f.key, where);
            }
        },
        f.value);
}

/** Applies one key of the file, or refuses it when there is no such setting. */
void apply_file_key(const std::vector<field>& all, const std::string& key, const toml::node& node) {
    const field* f = find_field(all, key);
    if (f == nullptr) {
        throw config_error(key, "unknown key" + line_of(node));
    }
    assign_from_toml(*f, node);
}

toml::table parse_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw config_error("(file)", "cannot read " + path + ": is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw config_error("(file)",
                           "cannot read " + path + ": " + std::generic_category().message(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return toml::parse(text.str(), path);
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        throw config_error("(file)", std::string(e.description()) + " (" + path + " line " +
                                         std::to_string(begin.line) + ", column " +
                                         std::to_string(begin.column) + ")");
    }
}

void apply_file(settings& s, const std::string& path) {
    const toml::table root = parse_file(path);
    const auto all = fields(s);
    for (const auto& [name, node] : root) {
        const std::string key(name.str());
        if (std::find(tables.begin(), tables.end(), key) == tables.end()) {
            apply_file_key(all, key, node);
            continue;
        }
        const auto* table = node.as_table();
        if (table == nullptr) {
            throw config_error(key, "expected a table, got " + type_name(node) + line_of(node));
        }
        for (const auto& [member, value] : *table) {
            apply_file_key(all, key + "." + std::string(member.str()), value);
        }
    }
}

// ---- the environment ---------------------------------------------------------------------------

constexpr std::string_view env_prefix = "TRAFFPUNKT_";
constexpr std::string_view env_config = "TRAFFPUNKT_CONFIG";

// Variables with our prefix that are not server settings: the config file's name, and those
// of traffpunkt-cli and the test harness, which a shell or ctest exports next to ours. A new
// tool's variable must be added here, or the server refuses to start beside it.
constexpr std::array<std::string_view, 5> not_settings = {env_config, "TRAFFPUNKT_TOKEN",
                                                          "TRAFFPUNKT_URL", "TRAFFPUNKT_BINARY",
                                                          "TRAFFPUNKT_KEEP_TEST_DATA"};

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

void assign_from_text(const field& f, const std::string& text, const std::string& variable) {
    const std::string where = " (from " + variable + ")";
    const std::string key(f.key);
    std::visit(
        [&](auto* target) {
            using T = std::remove_pointer_t<decltype(target)>;
            const char* const begin = text.data();
            const char* const end = text.data() + text.size();
            if constexpr (std::is_same_v<T, std::string>) {
                *target = text;
            } else if constexpr (std::is_same_v<T, bool>) {
                if (text == "true" || text == "1") {
                    *target = true;
                } else if (text == "false" || text == "0") {
                    *target = false;
                } else {
                    throw config_error(
                        key, "expected true, false, 1 or 0, got " + in_quotes(text) + where);
                }
            } else if constexpr (std::is_same_v<T, double>) {
                double value = 0;
                const auto [last, ec] = std::from_chars(begin, end, value);
                if (text.empty() || ec != std::errc{} || last != end) {
                    throw config_error(key, "expected a number, got " + in_quotes(text) + where);
                }
                *target = value;
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                // Comma-separated; an empty variable is an empty list.
                std::vector<std::string> values;
                for (std::string_view rest = text; !trim(text).empty();) {
                    const auto comma = rest.find(',');
                    const auto item = trim(rest.substr(0, comma));
                    if (item.empty()) {
                        throw config_error(
                            key, "empty entry in comma-separated list " + in_quotes(text) + where);
                    }
                    values.emplace_back(item);
                    if (comma == std::string_view::npos) {
                        break;
                    }
                    rest.remove_prefix(comma + 1);
                }
                *target = std::move(values);
            } else {
                static_assert(is_integer_setting<T>);
                std::int64_t value = 0;
                const auto [last, ec] = std::from_chars(begin, end, value);
                if (ec == std::errc::result_out_of_range) {
                    throw config_error(key, "out of range, got " + in_quotes(text) + where);
                }
                if (text.empty() || ec != std::errc{} || last != end) {
                    throw config_error(key, "expected an integer, got " + in_quotes(text) + where);
                }
                *target = narrow<T>(value, f.key, where);
            }
        },
        f.value);
}

void apply_environment(settings& s, const std::map<std::string, std::string>& env) {
    const auto all = fields(s);
    // Not a structured binding: clang 14 (the sanitizer build) cannot capture one in a lambda.
    for (const auto& entry : env) {
        const std::string& name = entry.first;
        const std::string& text = entry.second;
        if (!name.starts_with(env_prefix) ||
            std::find(not_settings.begin(), not_settings.end(), name) != not_settings.end()) {
            continue;
        }
        const auto f = std::find_if(all.begin(), all.end(), [&](const field& f) {
            return environment_name(f.key) == name;
        });
        if (f == all.end()) {
            throw config_error(name,
                               "unknown variable; every setting is listed in "
                               "config/traffpunkt.toml");
        }
        assign_from_text(*f, text, name);
    }
}

// ---- validation --------------------------------------------------------------------------------

using detail::host_name_char;
using detail::ipv6_char;

void require_one_of(std::string_view key, const std::string& value,
                    std::initializer_list<std::string_view> allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
        return;
    }
    std::string list;
    for (const auto name : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    throw config_error(std::string(key), "must be one of " + list + ", got " + in_quotes(value));
}

void require_not_empty(std::string_view key, const std::string& value) {
    if (value.empty()) {
        throw config_error(std::string(key), "must not be empty");
    }
}

/** True for `scheme://host[:port]` with nothing after it: the exact form of an Origin header. */
bool is_bare_origin(std::string_view text) {
    const auto authority = text.find("://");
    return origin_of(text).has_value() && authority != std::string_view::npos &&
           text.find_first_of("/?#", authority + 3) == std::string_view::npos;
}

std::string number_text(double value) {
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return ec == std::errc{} ? std::string(buffer.data(), end) : std::to_string(value);
}

/** A plain `local@domain` address: what goes into From headers and MAIL FROM as it is. */
bool is_plain_address(std::string_view text) {
    const auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= text.size() ||
        text.find('@', at + 1) != std::string_view::npos ||
        text.find('.', at) == std::string_view::npos) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b > 0x20 && b < 0x7F &&
               std::string_view("<>()[],;:\"\\").find(c) == std::string_view::npos;
    });
}

/** The host of an smtp:// or smtps:// URL (brackets of an IPv6 literal removed). */
std::string_view url_host(std::string_view url) {
    auto rest = url.substr(url.find("://") + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        rest = rest.substr(at + 1);
    }
    if (rest.starts_with('[')) {
        return rest.substr(1, rest.find(']') - 1);
    }
    return rest.substr(0, rest.find(':'));
}

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

void validate_mail(const mail_settings& m) {
    require_one_of("mail.transport", m.transport, {"file", "smtp"});
    if (!is_plain_address(m.from)) {
        throw config_error("mail.from", "expected a plain address (name@domain.example), got " +
                                            in_quotes(m.from));
    }
    if (std::any_of(m.from_name.begin(), m.from_name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        throw config_error("mail.from_name", "must be one line without control characters");
    }
    if (m.retry_initial_ms > m.retry_max_ms) {
        throw config_error("mail.retry_initial_ms", "must not be larger than mail.retry_max_ms");
    }
    if (m.transport != "smtp") {
        return;
    }
    const bool smtp = m.url.starts_with("smtp://");
    if (!smtp && !m.url.starts_with("smtps://")) {
        throw config_error("mail.url",
                           "expected smtp://host[:port] or smtps://host[:port] with "
                           "mail.transport = \"smtp\", got " +
                               in_quotes(m.url));
    }
    if (url_host(m.url).empty()) {
        throw config_error("mail.url", "has no host: " + in_quotes(m.url));
    }
    // Plain SMTP is for a relay on this machine only: elsewhere it would send every mail and
    // the password in clear.
    if (smtp && !m.require_tls && !is_loopback_host(url_host(m.url))) {
        throw config_error("mail.require_tls",
                           "may be false only for a relay on loopback (127.0.0.1, ::1, localhost), "
                           "not for " +
                               in_quotes(std::string(url_host(m.url))));
    }
}

}  // namespace

listen_address parse_listen(std::string_view text) {
    const auto fail = [&](std::string_view why) {
        return config_error("listen", std::string(why) + ", got " + in_quotes(text));
    };
    constexpr std::string_view expected = "expected host:port (IPv6 as [::1]:8080)";
    std::string_view host;
    std::string_view port;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") {
            throw fail(expected);
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        if (host.empty() || !std::all_of(host.begin(), host.end(), ipv6_char)) {
            throw fail(expected);
        }
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            throw fail(expected);
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.empty() || !std::all_of(host.begin(), host.end(), host_name_char)) {
            throw fail(expected);
        }
    }
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || number > 65535) {
        throw fail("port must be 0..65535");
    }
    return {std::string(host), static_cast<std::uint16_t>(number)};
}

void validate(const settings& s) {
    parse_listen(s.listen);
    require_not_empty("data_dir", s.data_dir);
    if (s.threads > 256) {
        throw config_error("threads",
                           "must be 0..256 (0 = one per core), got " + std::to_string(s.threads));
    }
    if (!origin_of(s.public_base_url)) {
        throw config_error("public_base_url", "expected an http:// or https:// URL, got " +
                                                  in_quotes(s.public_base_url));
    }
    // The UID host ends up in calendar UIDs (meeting-1@host): no room for spaces or '@'.
    if (s.uid_host.empty() || !std::all_of(s.uid_host.begin(), s.uid_host.end(), host_name_char)) {
        throw config_error("uid_host", "expected a host name (letters, digits, '.', '-'), got " +
                                           in_quotes(s.uid_host));
    }
    for (const auto& origin : s.allowed_origins) {
        if (!is_bare_origin(origin)) {
            throw config_error(
                "allowed_origins",
                "expected http(s)://host[:port] without path, got " + in_quotes(origin));
        }
    }
    require_not_empty("web_root", s.web_root);
    require_one_of("log_format", s.log_format, {"text", "json"});
    require_one_of("log_level", s.log_level,
                   {"trace", "debug", "info", "warn", "error", "critical", "off"});
    require_one_of("store.synchronous", s.store.synchronous, {"FULL", "NORMAL", "OFF"});
    // Half a TLS setup would silently serve plain text where the operator expected TLS.
    if (s.tls.cert_file.empty() != s.tls.key_file.empty()) {
        throw config_error(s.tls.cert_file.empty() ? "tls.cert_file" : "tls.key_file",
                           "tls.cert_file and tls.key_file must be set together");
    }

    // Every size, count, timeout and rate must be positive: zero would refuse everything or
    // spin. `threads` is the one number where 0 means something, and it is unsigned; a new
    // setting with another meaning for 0 needs an exception here: 0 connections per address
    // means "a share of the total" (net::derive_connection_limits).
    settings copy = s;
    for (const auto& f : fields(copy)) {
        if (f.key == "connections.max_per_address") {
            continue;
        }
        std::visit(
            [&](auto* target) {
                using T = std::remove_pointer_t<decltype(target)>;
                if constexpr (std::is_same_v<T, std::size_t> || std::is_same_v<T, int>) {
                    if (*target <= 0) {
                        throw config_error(std::string(f.key),
                                           "must be > 0, got " + std::to_string(*target));
                    }
                } else if constexpr (std::is_same_v<T, double>) {
                    if (!std::isfinite(*target) || *target <= 0) {
                        throw config_error(std::string(f.key),
                                           "must be > 0, got " + number_text(*target));
                    }
                }
            },
            f.value);
    }
    validate_mail(s.mail);
    for (const auto& range : s.metrics.allow) {
        if (!address_range::parse(range)) {
            throw config_error("metrics.allow",
                               "expected an address or CIDR range such as "
                               "127.0.0.0/8 or ::1/128, got " +
                                   in_quotes(range));
        }
    }
    if (s.websocket.rate_burst < 1) {
        throw config_error("websocket.rate_burst",
                           "must be >= 1 (a smaller bucket never holds one request), got " +
                               number_text(s.websocket.rate_burst));
    }
}

settings load_settings(const std::optional<std::string>& file,
                       const std::map<std::string, std::string>& env) {
    settings s;
    std::optional<std::string> path = file;
    if (!path) {
        if (const auto it = env.find(std::string(env_config)); it != env.end()) {
            path = it->second;
        }
    }
    if (path) {
        apply_file(s, *path);
    }
    apply_environment(s, env);
    validate(s);
    return s;
}

std::map<std::string, std::string> traffpunkt_environment() {
    std::map<std::string, std::string> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string_view::npos && text.starts_with(env_prefix)) {
            env.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return env;
}

std::vector<std::string> setting_keys() {
    settings s;
    std::vector<std::string> keys;
    for (const auto& f : fields(s)) {
        keys.emplace_back(f.key);
    }
    return keys;
}

std::string environment_name(std::string_view key) {
    std::string name(env_prefix);
    for (const char c : key) {
        name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

std::string describe(const settings& s) {
    settings copy = s;
    std::string text;
    for (const auto& f : fields(copy)) {
        text += (text.empty() ? "" : " ") + std::string(f.key) + "=";
        std::visit(
            [&](auto* target) {
                using T = std::remove_pointer_t<decltype(target)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    text += '"' + *target + '"';
                } else if constexpr (std::is_same_v<T, bool>) {
                    text += *target ? "true" : "false";
                } else if constexpr (std::is_same_v<T, double>) {
                    text += number_text(*target);
                } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    text += '[';
                    for (std::size_t i = 0; i < target->size(); ++i) {
                        text += (i == 0 ? "\"" : ",\"") + (*target)[i] + '"';
                    }
                    text += ']';
                } else {
                    text += std::to_string(*target);
                }
            },
            f.value);
    }
    return text;
}

}  // namespace traffpunkt::config
