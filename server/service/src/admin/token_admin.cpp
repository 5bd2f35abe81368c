#include "traffpunkt/service/token_admin.hpp"

#include <filesystem>
#include <stdexcept>

#include "clock.hpp"
#include "identity.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/token_repository.hpp"

namespace traffpunkt::service {

token_admin::token_admin(const std::string& data_dir)
    : db_path_((std::filesystem::path(data_dir) / "traffpunkt.sqlite3").string()) {
    std::filesystem::create_directories(data_dir);
    store::database db(db_path_);
    store::apply_migrations(db);
}

std::pair<std::int64_t, std::string> token_admin::create(const std::string& role,
                                                         std::optional<std::int64_t> person_id,
                                                         const std::string& name) {
    if (role != "coordinator" && role != "participant") {
        throw std::invalid_argument("--role must be coordinator or participant");
    }
    if (role == "participant" && !person_id) {
        throw std::invalid_argument("a participant token needs --person ID");
    }
    store::database db(db_path_);
    if (person_id && !store::find_person(db, *person_id)) {
        throw std::invalid_argument("no person " + std::to_string(*person_id));
    }
    const std::string token = generate_token();
    const auto id = store::insert_token(db, hash_token(token), role, person_id, name, now());
    return {id, token};
}

bool token_admin::revoke_id(std::int64_t token_id) {
    store::database db(db_path_);
    return store::revoke_token(db, token_id, now());
}

bool token_admin::revoke_token(const std::string& token) {
    store::database db(db_path_);
    return store::revoke_token_by_hash(db, hash_token(token), now());
}

std::vector<token_info> token_admin::list() {
    store::database db(db_path_);
    std::vector<token_info> out;
    for (const auto& r : store::list_tokens(db)) {
        token_info t;
        t.token_id = r.token_id;
        t.role = r.role;
        t.person_id = r.person_id;
        t.name = r.name;
        t.created_at = domain::format_instant(r.created_at);
        if (r.revoked_at) {
            t.revoked_at = domain::format_instant(*r.revoked_at);
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace traffpunkt::service
