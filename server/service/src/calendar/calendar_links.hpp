#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace traffpunkt::service {

/**
 * The token in a person's calendar feed URL (`/calendar/person/{token}.ics`). It grants that one
 * feed and nothing else, so a calendar app (or the service it syncs through) that leaks the URL
 * leaks no account.
 *
 * The database keeps only the token's hash and a generation number (rotating makes the next
 * one). The token itself is HMAC-SHA256(key, "calendar-link:{person}:{generation}") in
 * base64url, with the key in a file of its own under the data directory, so the person can be
 * shown the same link again while a copy of the database alone holds no usable token.
 */
class calendar_links {
  public:
    /** Reads the 32-byte key, or creates it (mode 0600) when the file does not exist. */
    explicit calendar_links(const std::filesystem::path& key_file);

    /** The token of `person_id`'s calendar link of this generation (43 characters). */
    std::string token_for(std::int64_t person_id, std::int64_t generation) const;

  private:
    std::array<unsigned char, 32> key_{};
};

}  // namespace traffpunkt::service
