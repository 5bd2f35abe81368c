#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::service {

/** A transport-free HTTP request, so handlers are pure functions testable without sockets. */
struct http_request {
    std::string method;                          ///< "GET", "HEAD", ...
    std::string path;                            ///< decoded path without query, e.g. "/healthz"
    std::string query;                           ///< raw query string without '?'
    std::map<std::string, std::string> headers;  ///< lowercase names
    std::string body;
    std::string remote;  ///< the peer's address (access log, /metrics access), "" when unknown
};

/** Bytes of a file to send as a response body, streamed by the transport (documents). */
struct file_range {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;  ///< the Content-Length
};

/** A transport-free HTTP response. */
struct http_response {
    int status = 200;
    std::map<std::string, std::string> headers;  ///< "content-type" etc.
    std::string body;
    /**
     * When set, the body is this shared, immutable buffer instead of `body`: a cached feed is
     * sent to every client without a copy per response.
     */
    std::shared_ptr<const std::string> shared_body;
    /** When set, the body is these bytes of a file instead of `body` (large downloads). */
    std::optional<file_range> file;
};

/**
 * Where the transport streams the body of an accepted upload, chunk by chunk as it arrives, so
 * a large upload never sits in memory. Used from one thread at a time (the connection's strand).
 * Destroying a sink that was not finished discards what it received: nothing partial is kept.
 */
class upload_sink {
  public:
    virtual ~upload_sink() = default;

    /**
     * Takes the next bytes of the body. A response means the upload failed (too large, disk
     * full): the sink has discarded everything; send the response and close the connection.
     */
    virtual std::optional<http_response> write(std::string_view bytes) = 0;

    /**
     * The whole body has arrived: stores it and answers through `done`, exactly once, from any
     * thread (after the database commit). The sink may be destroyed as soon as `finish` returns.
     */
    virtual void finish(std::function<void(http_response)> done) = 0;

    /** The body will not be completed (the connection broke): discards what was received. */
    virtual void abort() noexcept = 0;
};

/** The service's answer to the head of an upload: a sink for the body, or a refusal. */
struct upload_start {
    std::unique_ptr<upload_sink> sink;  ///< set: stream the body into it
    http_response refusal;              ///< otherwise: send this (the body is not read)
};

}  // namespace traffpunkt::service
