#pragma once

#include <chrono>
#include <map>
#include <string>

namespace traffpunkt::testing {

/** One HTTP response as a test sees it. */
struct http_result {
    int status = 0;
    /** Header names in lower case; repeated headers are joined with ", ". */
    std::map<std::string, std::string> headers;
    std::string body;
};

/**
 * Sends one HTTP/1.1 request on a fresh connection and reads the response.
 * `Host` and `Content-Length` are added unless given in `headers`. Throws std::runtime_error on
 * connection failure, a malformed response or timeout.
 */
http_result http_request(const std::string& host, unsigned short port, std::string method,
                         std::string target, std::map<std::string, std::string> headers = {},
                         std::string body = {},
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

/**
 * Writes `raw_bytes` as they are and returns everything the server sends until it closes the
 * connection or `timeout` passes (then what arrived so far). For malformed-request tests.
 * Throws std::runtime_error only when the connection cannot be made.
 */
std::string raw_request(const std::string& host, unsigned short port, std::string raw_bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace traffpunkt::testing
