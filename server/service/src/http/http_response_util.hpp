#pragma once

#include <string>

#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

/** A plain-text HTTP answer (errors, 404s). */
inline http_response text_response(int status, std::string body) {
    http_response res;
    res.status = status;
    res.headers["content-type"] = "text/plain; charset=utf-8";
    res.body = std::move(body) + "\n";
    return res;
}

}  // namespace traffpunkt::service
