#pragma once

#include <string>
#include <string_view>

namespace traffpunkt::service {

/** Bytes as lowercase hex (digests, random keys). */
std::string to_hex(const unsigned char* data, std::size_t n);

/** Bytes as base64url without padding (RFC 4648 section 5). */
std::string base64url(const unsigned char* data, std::size_t n);

/** A new bearer token: 256 random bits from the OS CSPRNG, base64url without padding. */
std::string generate_token();

/** SHA-256 of a token, lowercase hex. Only this is stored, so a leaked database leaks no token. */
std::string hash_token(std::string_view token);

/** 8 random bytes as 16 hex characters (the hub's epoch). */
std::string random_hex(std::size_t bytes);

}  // namespace traffpunkt::service
