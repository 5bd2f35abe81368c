#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "documents/blob_writer.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

/**
 * The sink of an accepted document upload: counts and hashes the body into a temp file of the
 * document store, refuses it once it grows over the limit (413, also for chunked bodies whose
 * size was not declared), and on `finish` gives the file its content address and hands it to
 * `commit`, which records the version in the database and answers. Whatever goes wrong before
 * that, the temp file is removed.
 */
class document_upload final : public upload_sink {
  public:
    /** Records a stored blob and answers through the callback (exactly once). */
    using commit_fn = std::function<void(stored_blob, std::function<void(http_response)>)>;

    document_upload(blob_writer blob, std::uint64_t max_bytes, commit_fn commit);

    std::optional<http_response> write(std::string_view bytes) override;
    void finish(std::function<void(http_response)> done) override;
    void abort() noexcept override;

  private:
    blob_writer blob_;
    std::uint64_t max_bytes_;
    commit_fn commit_;
    bool closed_ = false;
};

/** 413 with the limit in `details` (`{"field": "body", "max_bytes": N}`). */
http_response upload_too_large(std::uint64_t max_bytes);

}  // namespace traffpunkt::service
