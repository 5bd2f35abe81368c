#include "traffpunkt/service/token_admin.hpp"

#include <filesystem>
#include <stdexcept>

#include "clock.hpp"
#include "identity.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/statement.hpp"
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
    auto st = db.prepare(
        "SELECT token_id, role, person_id, name, created_at, revoked_at FROM tokens "
        "ORDER BY token_id");
    while (st.step()) {
        token_info t;
        t.token_id = st.int64(0);
        t.role = st.text(1);
        t.person_id = st.opt_int64(2);
        t.name = st.text(3);
        t.created_at = domain::format_instant(domain::instant(std::chrono::seconds(st.int64(4))));
        if (auto r = st.opt_int64(5)) {
            t.revoked_at = domain::format_instant(domain::instant(std::chrono::seconds(*r)));
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace traffpunkt::service
