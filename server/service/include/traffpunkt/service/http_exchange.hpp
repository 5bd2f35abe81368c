#pragma once

#include <map>
#include <string>

namespace traffpunkt::service {

/** A transport-free HTTP request, so handlers are pure functions testable without sockets. */
struct http_request {
    std::string method;                          ///< "GET", "HEAD", ...
    std::string path;                            ///< decoded path without query, e.g. "/healthz"
    std::string query;                           ///< raw query string without '?'
    std::map<std::string, std::string> headers;  ///< lowercase names
    std::string body;
};

/** A transport-free HTTP response. */
struct http_response {
    int status = 200;
    std::map<std::string, std::string> headers;  ///< "content-type" etc.
    std::string body;
};

}  // namespace traffpunkt::service
