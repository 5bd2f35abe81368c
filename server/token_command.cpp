#include "token_command.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "traffpunkt/service/token_admin.hpp"

namespace traffpunkt {

namespace {

/** The value after `--name` in `words`, if present. */
std::optional<std::string> option(const std::vector<std::string>& words, std::string_view name) {
    for (std::size_t i = 2; i + 1 < words.size(); ++i) {
        if (words[i] == name) {
            return words[i + 1];
        }
    }
    return std::nullopt;
}

void check_options(const std::vector<std::string>& words,
                   std::initializer_list<std::string_view> known) {
    for (std::size_t i = 2; i < words.size(); i += 2) {
        if (std::find(known.begin(), known.end(), words[i]) == known.end()) {
            throw std::invalid_argument("unknown option '" + words[i] + "'");
        }
        if (i + 1 >= words.size()) {
            throw std::invalid_argument("option '" + words[i] + "' needs a value");
        }
    }
}

std::int64_t to_id(const std::string& text, std::string_view what) {
    try {
        std::size_t used = 0;
        const auto v = std::stoll(text, &used);
        if (used == text.size() && v > 0) {
            return v;
        }
    } catch (const std::exception&) {
    }
    throw std::invalid_argument(std::string(what) + " must be a positive integer");
}

}  // namespace

int run_token_command(const config::settings& settings, const std::vector<std::string>& words) {
    const std::string usage =
        "usage: traffpunkt token create --role coordinator|participant [--name NAME] "
        "[--person ID]\n"
        "       traffpunkt token revoke (--id N | --token TOKEN)\n"
        "       traffpunkt token list\n";
    if (words.size() < 2 || words[0] != "token") {
        std::cerr << usage;
        return 2;
    }
    try {
        service::token_admin admin(settings.data_dir);
        const std::string& verb = words[1];
        if (verb == "create") {
            check_options(words, {"--role", "--name", "--person"});
            const auto role = option(words, "--role");
            if (!role) {
                throw std::invalid_argument("token create needs --role");
            }
            std::optional<std::int64_t> person;
            if (auto p = option(words, "--person")) {
                person = to_id(*p, "--person");
            }
            const auto [id, token] =
                admin.create(*role, person, option(words, "--name").value_or(""));
            std::cerr << "created " << *role << " token " << id
                      << " (shown once; only its hash is stored)\n";
            std::cout << token << "\n";
            return 0;
        }
        if (verb == "revoke") {
            check_options(words, {"--id", "--token"});
            bool done = false;
            if (auto id = option(words, "--id")) {
                done = admin.revoke_id(to_id(*id, "--id"));
            } else if (auto t = option(words, "--token")) {
                done = admin.revoke_token(*t);
            } else {
                throw std::invalid_argument("token revoke needs --id or --token");
            }
            std::cerr << (done ? "revoked\n" : "no such active token\n");
            return done ? 0 : 1;
        }
        if (verb == "list") {
            check_options(words, {});
            for (const auto& t : admin.list()) {
                std::cout << t.token_id << "\t" << t.role << "\t"
                          << (t.person_id ? std::to_string(*t.person_id) : "-") << "\t" << t.name
                          << "\t" << t.created_at << "\t" << t.revoked_at.value_or("active")
                          << "\n";
            }
            return 0;
        }
        std::cerr << "unknown token command '" << verb << "'\n" << usage;
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << e.what() << "\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace traffpunkt
