#include "traffpunkt/config/load.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace cfg = traffpunkt::config;
namespace fs = std::filesystem;

namespace {

using env_map = std::map<std::string, std::string>;

// The repository root, from CMake (absolute; __FILE__ may be relative under ccache's base_dir).
fs::path source_root() {
    return fs::path(TRAFFPUNKT_UNIT_SOURCE_DIR).parent_path().parent_path();
}

/** A TOML file in the temp directory, removed again when the test ends. */
class temp_file {
  public:
    explicit temp_file(const std::string& text) {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        // Parameterised tests are named "name/3"; the slash must not become a directory.
        std::string name = test->name();
        std::replace(name.begin(), name.end(), '/', '_');
        path_ = fs::temp_directory_path() /
                ("traffpunkt-" + name + "-" + std::to_string(::getpid()) + ".toml");
        std::ofstream(path_) << text;
    }
    ~temp_file() {
        std::error_code ec;
        fs::remove(path_, ec);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;

    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

/** Loads `toml` (when not empty) with `env`, expecting a config_error; returns it. */
cfg::config_error load_error(const std::string& toml, const env_map& env = {}) {
    std::optional<temp_file> file;
    if (!toml.empty()) {
        file.emplace(toml);
    }
    try {
        cfg::load_settings(file ? std::optional(file->path()) : std::nullopt, env);
    } catch (const cfg::config_error& e) {
        return e;
    }
    ADD_FAILURE() << "no config_error for file:\n" << toml;
    return cfg::config_error("(none)", "no error");
}

cfg::settings load_text(const std::string& toml, const env_map& env = {}) {
    temp_file file(toml);
    return cfg::load_settings(file.path(), env);
}

}  // namespace

TEST(ConfigLoad, defaultsWithoutFileOrEnvironment) {
    EXPECT_EQ(cfg::load_settings(std::nullopt, {}), cfg::settings{});
}

TEST(ConfigLoad, emptyFileGivesDefaults) {
    EXPECT_EQ(load_text(""), cfg::settings{});
}

TEST(ConfigLoad, fileOverridesDefaults) {
    const auto s = load_text(R"(
listen = "0.0.0.0:9000"
threads = 8
allowed_origins = ["https://a.example.se", "http://localhost:3000"]
demo_data = true
log_format = "json"

[websocket]
read_message_max = 1024
rate_per_s = 5          # an integer where a float is expected is fine
rate_burst = 7.5

[store]
synchronous = "NORMAL"
group_commit = false

[hub]
poll_tally_interval_ms = 250
)");
    EXPECT_EQ(s.listen, "0.0.0.0:9000");
    EXPECT_EQ(s.threads, 8u);
    EXPECT_EQ(s.allowed_origins,
              (std::vector<std::string>{"https://a.example.se", "http://localhost:3000"}));
    EXPECT_TRUE(s.demo_data);
    EXPECT_EQ(s.log_format, "json");
    EXPECT_EQ(s.websocket.read_message_max, 1024u);
    EXPECT_EQ(s.websocket.rate_per_s, 5.0);
    EXPECT_EQ(s.websocket.rate_burst, 7.5);
    EXPECT_EQ(s.store.synchronous, "NORMAL");
    EXPECT_FALSE(s.store.group_commit);
    EXPECT_EQ(s.hub.poll_tally_interval_ms, 250);
    // Untouched settings keep their defaults.
    const cfg::settings defaults;
    EXPECT_EQ(s.data_dir, defaults.data_dir);
    EXPECT_EQ(s.websocket.queue_max_messages, defaults.websocket.queue_max_messages);
    EXPECT_EQ(s.http, defaults.http);
    EXPECT_EQ(s.connections, defaults.connections);
}

TEST(ConfigLoad, dottedKeysAndInlineTablesWork) {
    const auto s = load_text("store.max_batch = 10\nhttp = { body_max = 2048 }\n");
    EXPECT_EQ(s.store.max_batch, 10u);
    EXPECT_EQ(s.http.body_max, 2048u);
}

TEST(ConfigLoad, environmentOverridesFile) {
    const auto s = load_text("listen = \"0.0.0.0:9000\"\n[store]\nsynchronous = \"NORMAL\"\n",
                             {{"TRAFFPUNKT_LISTEN", "127.0.0.1:9100"},
                              {"TRAFFPUNKT_STORE_SYNCHRONOUS", "OFF"},
                              {"TRAFFPUNKT_STORE_GROUP_COMMIT", "0"},
                              {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "2.5"},
                              {"TRAFFPUNKT_THREADS", "3"},
                              {"TRAFFPUNKT_DEMO_DATA", "true"},
                              {"TRAFFPUNKT_ALLOWED_ORIGINS", "https://a.se, https://b.se:8443"},
                              {"PATH", "/usr/bin"}});
    EXPECT_EQ(s.listen, "127.0.0.1:9100");
    EXPECT_EQ(s.store.synchronous, "OFF");
    EXPECT_FALSE(s.store.group_commit);
    EXPECT_EQ(s.websocket.rate_per_s, 2.5);
    EXPECT_EQ(s.threads, 3u);
    EXPECT_TRUE(s.demo_data);
    EXPECT_EQ(s.allowed_origins, (std::vector<std::string>{"https://a.se", "https://b.se:8443"}));
}

TEST(ConfigLoad, audienceLimitsComeFromTheirVariables) {
    const cfg::settings defaults;
    EXPECT_EQ(defaults.audience.join_burst, 50u);
    EXPECT_EQ(defaults.audience.join_per_minute, 60u);
    EXPECT_EQ(defaults.audience.max_devices, 20000u);
    EXPECT_EQ(defaults.audience.unused_device_s, 900);
    const auto s =
        cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "1000"},
                                          {"TRAFFPUNKT_AUDIENCE_JOIN_PER_MINUTE", "6000"},
                                          {"TRAFFPUNKT_AUDIENCE_MAX_DEVICES", "300"},
                                          {"TRAFFPUNKT_AUDIENCE_UNUSED_DEVICE_S", "60"}});
    EXPECT_EQ(s.audience.join_burst, 1000u);
    EXPECT_EQ(s.audience.join_per_minute, 6000u);
    EXPECT_EQ(s.audience.max_devices, 300u);
    EXPECT_EQ(s.audience.unused_device_s, 60);
    EXPECT_EQ(load_text("[audience]\nmax_devices = 5\n").audience.max_devices, 5u);
    // Zero would refuse every join (or make every device expire at once).
    EXPECT_EQ(load_error("", {{"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "0"}}).key(),
              "audience.join_burst");
    EXPECT_EQ(load_error("[audience]\nunused_device_s = 0\n").key(), "audience.unused_device_s");
}

TEST(ConfigLoad, environmentBooleansAcceptTrueFalseOneZero) {
    for (const auto& [text, expected] :
         std::map<std::string, bool>{{"true", true}, {"1", true}, {"false", false}, {"0", false}}) {
        const auto s = cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_DEMO_DATA", text}});
        EXPECT_EQ(s.demo_data, expected) << text;
    }
    for (const std::string text : {"yes", "TRUE", "", "2"}) {
        const auto e = load_error("", {{"TRAFFPUNKT_DEMO_DATA", text}});
        EXPECT_EQ(e.key(), "demo_data") << text;
        EXPECT_NE(std::string(e.what()).find("TRAFFPUNKT_DEMO_DATA"), std::string::npos);
    }
}

TEST(ConfigLoad, emptyOriginsVariableClearsTheList) {
    const auto s =
        load_text("allowed_origins = [\"https://a.se\"]\n", {{"TRAFFPUNKT_ALLOWED_ORIGINS", ""}});
    EXPECT_TRUE(s.allowed_origins.empty());
    EXPECT_EQ(load_error("", {{"TRAFFPUNKT_ALLOWED_ORIGINS", "https://a.se,,https://b.se"}}).key(),
              "allowed_origins");
}

TEST(ConfigLoad, configVariableNamesTheFileUnlessOneIsGiven) {
    temp_file named_by_env("threads = 2\n");
    EXPECT_EQ(
        cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_CONFIG", named_by_env.path()}}).threads, 2u);
    const auto given = cfg::load_settings(source_root() / "config" / "traffpunkt.toml",
                                          {{"TRAFFPUNKT_CONFIG", named_by_env.path()}});
    EXPECT_EQ(given.threads, 0u);
}

TEST(ConfigLoad, variablesOfOtherProgramsAreNotSettings) {
    EXPECT_EQ(cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_TOKEN", "secret"},
                                                {"TRAFFPUNKT_URL", "ws://127.0.0.1:8080/ws"},
                                                {"TRAFFPUNKT_BINARY", "/x/traffpunkt"},
                                                {"TRAFFPUNKT_KEEP_TEST_DATA", "1"}}),
              cfg::settings{});
}

TEST(ConfigLoad, processEnvironmentKeepsOnlyOurVariables) {
    ::setenv("TRAFFPUNKT_TEST_PROBE", "a=b", 1);
    const auto env = cfg::traffpunkt_environment();
    ::unsetenv("TRAFFPUNKT_TEST_PROBE");
    EXPECT_EQ(env.at("TRAFFPUNKT_TEST_PROBE"), "a=b");
    for (const auto& [name, value] : env) {
        EXPECT_TRUE(name.starts_with("TRAFFPUNKT_")) << name;
    }
}

TEST(ConfigLoad, unknownKeysAreRefused) {
    EXPECT_EQ(load_error("listne = \"127.0.0.1:1\"\n").key(), "listne");
    EXPECT_EQ(load_error("[store]\ngroup_comit = false\n").key(), "store.group_comit");
    EXPECT_EQ(load_error("[stor]\ngroup_commit = false\n").key(), "stor");
    EXPECT_EQ(load_error("[store.extra]\nx = 1\n").key(), "store.extra");
    EXPECT_EQ(load_error("", {{"TRAFFPUNKT_STORE_GROUP_COMIT", "1"}}).key(),
              "TRAFFPUNKT_STORE_GROUP_COMIT");
    EXPECT_EQ(load_error("", {{"TRAFFPUNKT_", "1"}}).key(), "TRAFFPUNKT_");
    const auto e = load_error("\n\n[store]\ngroup_comit = false\n");
    EXPECT_STREQ(e.what(), "config error: store.group_comit: unknown key (line 4)");
}

struct error_case {
    std::string toml;
    env_map env;
    std::string key;
    std::string message;  // expected to appear in what()
};

void PrintTo(const error_case& c, std::ostream* out) {
    *out << "{toml: \"" << c.toml << "\", env:";
    for (const auto& [name, value] : c.env) {
        *out << " " << name << "=" << value;
    }
    *out << ", key: " << c.key << "}";
}

class ConfigLoadErrors : public ::testing::TestWithParam<error_case> {};

TEST_P(ConfigLoadErrors, nameTheKey) {
    const auto& c = GetParam();
    const auto e = load_error(c.toml, c.env);
    EXPECT_EQ(e.key(), c.key);
    const std::string what = e.what();
    EXPECT_TRUE(what.starts_with("config error: " + c.key + ": ")) << what;
    EXPECT_NE(what.find(c.message), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    ConfigLoad, ConfigLoadErrors,
    ::testing::Values(
        // wrong types in the file
        error_case{"[websocket]\nread_message_max = \"64k\"\n",
                   {},
                   "websocket.read_message_max",
                   "expected an integer, got string (line 2)"},
        error_case{"demo_data = \"yes\"\n", {}, "demo_data", "expected a boolean, got string"},
        error_case{"listen = 8080\n", {}, "listen", "expected a string, got integer"},
        error_case{"[websocket]\nrate_per_s = \"fast\"\n",
                   {},
                   "websocket.rate_per_s",
                   "expected a number, got string"},
        error_case{"threads = 1.5\n", {}, "threads", "expected an integer, got float"},
        error_case{"allowed_origins = \"https://a.se\"\n",
                   {},
                   "allowed_origins",
                   "expected an array of strings, got string"},
        error_case{"allowed_origins = [\"https://a.se\", 1]\n",
                   {},
                   "allowed_origins",
                   "array holding integer"},
        error_case{"store = 1\n", {}, "store", "expected a table, got integer"},
        // out of the type's range
        error_case{"threads = -1\n", {}, "threads", "must not be negative, got -1"},
        error_case{"[http]\nread_timeout_s = 3000000000\n",
                   {},
                   "http.read_timeout_s",
                   "out of range, got 3000000000"},
        error_case{"",
                   {{"TRAFFPUNKT_HTTP_BODY_MAX", "99999999999999999999999"}},
                   "http.body_max",
                   "out of range"},
        // wrong text in the environment
        error_case{"",
                   {{"TRAFFPUNKT_WEBSOCKET_READ_MESSAGE_MAX", "64k"}},
                   "websocket.read_message_max",
                   "expected an integer, got '64k' (from TRAFFPUNKT_WEBSOCKET_READ_MESSAGE_MAX)"},
        error_case{"", {{"TRAFFPUNKT_THREADS", ""}}, "threads", "expected an integer, got ''"},
        error_case{"",
                   {{"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "1x"}},
                   "websocket.rate_burst",
                   "expected a number"},
        // rules
        error_case{"[store]\nsynchronous = \"full\"\n",
                   {},
                   "store.synchronous",
                   "must be one of FULL, NORMAL, OFF, got 'full'"},
        error_case{"listen = \"localhost\"\n", {}, "listen", "expected host:port"},
        error_case{"listen = \"::1:8080\"\n", {}, "listen", "IPv6 as [::1]:8080"},
        error_case{"listen = \"[::1]8080\"\n", {}, "listen", "expected host:port"},
        error_case{"listen = \"127.0.0.1:65536\"\n", {}, "listen", "port must be 0..65535"},
        error_case{"listen = \"127.0.0.1:\"\n", {}, "listen", "port must be 0..65535"},
        error_case{"", {{"TRAFFPUNKT_LISTEN", ":8080"}}, "listen", "expected host:port"},
        error_case{"threads = 257\n", {}, "threads", "must be 0..256"},
        error_case{"public_base_url = \"traffpunkt.example.se\"\n",
                   {},
                   "public_base_url",
                   "expected an http:// or https:// URL"},
        error_case{"public_base_url = \"ftp://example.se\"\n", {}, "public_base_url", "http"},
        error_case{"allowed_origins = [\"https://a.se/\"]\n",
                   {},
                   "allowed_origins",
                   "without path, got 'https://a.se/'"},
        error_case{"allowed_origins = [\"*\"]\n", {}, "allowed_origins", "without path"},
        error_case{"",
                   {{"TRAFFPUNKT_ALLOWED_ORIGINS", "https://a.se,a.se"}},
                   "allowed_origins",
                   "got 'a.se'"},
        error_case{"log_format = \"xml\"\n", {}, "log_format", "must be one of text, json"},
        error_case{"log_level = \"warning\"\n",
                   {},
                   "log_level",
                   "must be one of trace, debug, info, warn, error, critical, off"},
        error_case{"data_dir = \"\"\n", {}, "data_dir", "must not be empty"},
        error_case{"web_root = \"\"\n", {}, "web_root", "must not be empty"},
        error_case{"uid_host = \"a b\"\n", {}, "uid_host", "expected a host name"},
        error_case{"[websocket]\nqueue_max_bytes = 0\n",
                   {},
                   "websocket.queue_max_bytes",
                   "must be > 0, got 0"},
        error_case{
            "[websocket]\nidle_ping_s = -5\n", {}, "websocket.idle_ping_s", "must be > 0, got -5"},
        error_case{"[websocket]\nrate_per_s = nan\n", {}, "websocket.rate_per_s", "must be > 0"},
        error_case{"[websocket]\nrate_burst = 0.5\n", {}, "websocket.rate_burst", "must be >= 1"},
        error_case{"[hub]\ntopic_history = 0\n", {}, "hub.topic_history", "must be > 0"},
        error_case{"",
                   {{"TRAFFPUNKT_STORE_READ_CONNECTIONS", "0"}},
                   "store.read_connections",
                   "must be > 0"},
        // the file itself
        error_case{"listen = \n", {}, "(file)", "line 1"},
        error_case{"[store]\n[store]\n", {}, "(file)", "line 2"}));

TEST(ConfigLoad, unreadableFileIsAnError) {
    try {
        cfg::load_settings("/nonexistent/traffpunkt.toml", {});
        FAIL() << "no error";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(e.key(), "(file)");
        EXPECT_NE(std::string(e.what()).find("/nonexistent/traffpunkt.toml"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos);
    }
    EXPECT_THROW(cfg::load_settings(fs::temp_directory_path().string(), {}), cfg::config_error);
}

TEST(ConfigLoad, committedConfigFileIsExactlyTheDefaults) {
    const auto path = source_root() / "config" / "traffpunkt.toml";
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_EQ(cfg::load_settings(path.string(), {}), cfg::settings{});
}

TEST(ConfigLoad, committedConfigFileListsEverySetting) {
    // Loading proves every key in the file is known; this proves every known key is in the file
    // (a missing one would still load as its default and go unnoticed).
    std::ifstream in(source_root() / "config" / "traffpunkt.toml");
    ASSERT_TRUE(in);
    const std::regex table(R"(^\[(\w+)\]\s*(#.*)?$)");
    const std::regex assignment(R"(^(\w+)\s*=)");
    std::set<std::string> in_file;
    std::string current;
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_search(line, m, table)) {
            current = m[1].str() + ".";
        } else if (std::regex_search(line, m, assignment)) {
            in_file.insert(current + m[1].str());
        }
    }
    const auto keys = cfg::setting_keys();
    EXPECT_EQ(in_file, std::set<std::string>(keys.begin(), keys.end()));
}

TEST(ConfigLoad, productionExampleLoads) {
    const auto s =
        cfg::load_settings((source_root() / "config" / "example-production.toml").string(), {});
    EXPECT_EQ(s.listen, "0.0.0.0:8080");
    EXPECT_EQ(s.public_base_url, "https://traffpunkt.example.se");
    EXPECT_EQ(s.log_format, "json");
    EXPECT_EQ(s.effective_origins(), std::vector<std::string>{"https://traffpunkt.example.se"});
}

TEST(ConfigLoad, validateChecksOverridesAppliedLater) {
    cfg::settings s;
    EXPECT_NO_THROW(cfg::validate(s));
    s.listen = "nonsense";
    try {
        cfg::validate(s);
        FAIL() << "no error";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(e.key(), "listen");
    }
    s = {};
    s.log_format = "yaml";
    EXPECT_THROW(cfg::validate(s), cfg::config_error);
}

TEST(ConfigLoad, tlsNeedsBothCertificateAndKey) {
    EXPECT_FALSE(cfg::load_settings(std::nullopt, {}).tls.enabled());
    const auto both = cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_TLS_CERT_FILE", "/c.pem"},
                                                        {"TRAFFPUNKT_TLS_KEY_FILE", "/k.pem"}});
    EXPECT_TRUE(both.tls.enabled());
    EXPECT_EQ(both.tls.key_file, "/k.pem");
    try {
        cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_TLS_CERT_FILE", "/c.pem"}});
        ADD_FAILURE() << "a certificate without a key was accepted";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(e.key(), "tls.key_file");
    }
    try {
        cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_TLS_KEY_FILE", "/k.pem"}});
        ADD_FAILURE() << "a key without a certificate was accepted";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(e.key(), "tls.cert_file");
    }
}

TEST(ConfigLoad, mailDefaultsToFilesAndChecksSmtpSettings) {
    const auto defaults = cfg::load_settings(std::nullopt, {});
    EXPECT_EQ(defaults.mail.transport, "file");
    EXPECT_TRUE(defaults.mail.require_tls);
    const auto smtp =
        cfg::load_settings(std::nullopt, {{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"},
                                          {"TRAFFPUNKT_MAIL_URL", "smtp://mail.example.se:587"},
                                          {"TRAFFPUNKT_MAIL_FROM", "traffpunkt@skr.example"}});
    EXPECT_EQ(smtp.mail.url, "smtp://mail.example.se:587");
    const auto key_of = [](const env_map& env) {
        try {
            cfg::load_settings(std::nullopt, env);
        } catch (const cfg::config_error& e) {
            return e.key();
        }
        return std::string("(accepted)");
    };
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_TRANSPORT", "sendmail"}}), "mail.transport");
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"}}), "mail.url");
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"},
                      {"TRAFFPUNKT_MAIL_URL", "http://mail.example.se"}}),
              "mail.url");
    for (const char* from :
         {"Träffpunkt <t@skr.example>", "t@skr.example\r\nBcc: x@y.example", "nobody", "t@skr"}) {
        EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_FROM", from}}), "mail.from") << from;
    }
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_FROM_NAME", "A\nB"}}), "mail.from_name");
    EXPECT_EQ(
        key_of({{"TRAFFPUNKT_MAIL_RETRY_INITIAL_MS", "10"}, {"TRAFFPUNKT_MAIL_RETRY_MAX_MS", "5"}}),
        "mail.retry_initial_ms");
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_RATE_PER_MINUTE", "0"}}), "mail.rate_per_minute");
    // Plain SMTP only to a relay on this machine.
    EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"},
                      {"TRAFFPUNKT_MAIL_URL", "smtp://mail.example.se:25"},
                      {"TRAFFPUNKT_MAIL_REQUIRE_TLS", "false"}}),
              "mail.require_tls");
    for (const char* loopback : {"smtp://127.0.0.1:2525", "smtp://localhost", "smtp://[::1]:25"}) {
        EXPECT_EQ(key_of({{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"},
                          {"TRAFFPUNKT_MAIL_URL", loopback},
                          {"TRAFFPUNKT_MAIL_REQUIRE_TLS", "false"}}),
                  "(accepted)")
            << loopback;
    }
}

TEST(ConfigLoad, parseListenSplitsHostAndPort) {
    const auto v4 = cfg::parse_listen("127.0.0.1:8080");
    EXPECT_EQ(v4.host, "127.0.0.1");
    EXPECT_EQ(v4.port, 8080);
    const auto v6 = cfg::parse_listen("[::1]:0");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 0);
    EXPECT_EQ(cfg::parse_listen("localhost:65535").port, 65535);
    for (const char* bad : {"", "127.0.0.1", "127.0.0.1:-1", "127.0.0.1:80x", "[]:80", "[::1:80",
                            "a b:80", "127.0.0.1:123456"}) {
        EXPECT_THROW(cfg::parse_listen(bad), cfg::config_error) << bad;
    }
}

TEST(ConfigLoad, environmentNamesFollowTheKeys) {
    EXPECT_EQ(cfg::environment_name("listen"), "TRAFFPUNKT_LISTEN");
    EXPECT_EQ(cfg::environment_name("store.group_commit"), "TRAFFPUNKT_STORE_GROUP_COMMIT");
    // Every key has a variable that load_settings knows: an empty value is either accepted
    // (allowed_origins and metrics.allow: the empty list; tls.*: no TLS, the default; the mail
    // files and URL, unused with the file transport; no display name) or refused under the key,
    // never as unknown variable.
    const std::set<std::string> empty_allowed = {
        "allowed_origins", "tls.cert_file",         "tls.key_file", "mail.url",
        "mail.from_name",  "mail.credentials_file", "mail.ca_file", "metrics.allow"};
    for (const auto& key : cfg::setting_keys()) {
        try {
            cfg::load_settings(std::nullopt, {{cfg::environment_name(key), ""}});
            EXPECT_TRUE(empty_allowed.contains(std::string(key))) << key;
        } catch (const cfg::config_error& e) {
            EXPECT_EQ(e.key(), key);
        }
    }
}

TEST(ConfigLoad, describeListsEverySetting) {
    const auto text = cfg::describe(cfg::settings{});
    for (const auto& key : cfg::setting_keys()) {
        EXPECT_NE(text.find(key + "="), std::string::npos) << key;
    }
    EXPECT_NE(text.find("listen=\"127.0.0.1:8080\""), std::string::npos) << text;
    EXPECT_NE(text.find("websocket.rate_per_s=20 "), std::string::npos) << text;
    EXPECT_NE(text.find("store.group_commit=true"), std::string::npos) << text;
}

TEST(ConfigLoad, metricsAllowIsLoopbackByDefaultAndChecked) {
    const auto defaults = cfg::settings{};
    EXPECT_EQ(defaults.metrics.allow, (std::vector<std::string>{"127.0.0.0/8", "::1/128"}));
    EXPECT_EQ(load_text("[metrics]\nallow = [\"10.0.0.5/32\"]\n").metrics.allow,
              std::vector<std::string>{"10.0.0.5/32"});
    EXPECT_TRUE(load_text("[metrics]\nallow = []\n").metrics.allow.empty());
    EXPECT_EQ(load_error("[metrics]\nallow = [\"localhost\"]\n").key(), "metrics.allow");
    EXPECT_EQ(load_error("", {{"TRAFFPUNKT_METRICS_ALLOW", "10.0.0.0/40"}}).key(), "metrics.allow");
}
