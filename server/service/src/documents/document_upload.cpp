#include "documents/document_upload.hpp"

#include <spdlog/spdlog.h>

#include "http/http_error_json.hpp"

namespace traffpunkt::service {

using protocol::errc;

namespace {

http_response cannot_store() {
    return json_error(
        {errc::unavailable, "the server cannot store the upload right now; try again later", {}});
}

}  // namespace

http_response upload_too_large(std::uint64_t max_bytes) {
    return json_error(
        413, {errc::invalid_args,
              "the upload is larger than the limit of " + std::to_string(max_bytes) + " bytes",
              {{"field", "body"}, {"max_bytes", max_bytes}}});
}

document_upload::document_upload(blob_writer blob, std::uint64_t max_bytes, commit_fn commit)
    : blob_(std::move(blob)), max_bytes_(max_bytes), commit_(std::move(commit)) {}

std::optional<http_response> document_upload::write(std::string_view bytes) {
    if (closed_) {
        return cannot_store();
    }
    if (bytes.size() > max_bytes_ - blob_.size()) {
        abort();
        return upload_too_large(max_bytes_);
    }
    try {
        blob_.write(bytes);
    } catch (const std::exception& e) {
        spdlog::error("upload failed: {}", e.what());
        abort();
        return cannot_store();
    }
    return std::nullopt;
}

void document_upload::finish(std::function<void(http_response)> done) {
    if (closed_) {
        done(cannot_store());
        return;
    }
    closed_ = true;
    if (blob_.size() == 0) {
        blob_.abort();
        done(json_error({errc::invalid_args,
                         "the upload is empty: send the document as the request body",
                         {{"field", "body"}}}));
        return;
    }
    stored_blob stored;
    try {
        stored = blob_.commit();
    } catch (const std::exception& e) {
        spdlog::error("storing an upload failed: {}", e.what());
        blob_.abort();
        done(cannot_store());
        return;
    }
    commit_(std::move(stored), std::move(done));
}

void document_upload::abort() noexcept {
    closed_ = true;
    blob_.abort();
}

}  // namespace traffpunkt::service
