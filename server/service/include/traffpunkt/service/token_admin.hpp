#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::service {

/** A token as `traffpunkt token list` shows it (never the token itself: only its hash is kept). */
struct token_info {
    std::int64_t token_id = 0;
    std::string role;
    std::optional<std::int64_t> person_id;
    std::string name;
    std::string created_at;
    std::optional<std::string> revoked_at;
};

/**
 * Token administration straight on the database, for the `traffpunkt token ...` commands that
 * run beside (or before) the server. Each opens the database under `data_dir`, migrating it.
 */
class token_admin {
  public:
    explicit token_admin(const std::string& data_dir);

    /** Creates a token; returns (id, the token). `role`: coordinator or participant. */
    std::pair<std::int64_t, std::string> create(const std::string& role,
                                                std::optional<std::int64_t> person_id,
                                                const std::string& name);
    /** Revokes by id; false if there is no such active token. */
    bool revoke_id(std::int64_t token_id);
    /** Revokes by the token itself; false if unknown. */
    bool revoke_token(const std::string& token);
    std::vector<token_info> list();

  private:
    std::string db_path_;
};

}  // namespace traffpunkt::service
