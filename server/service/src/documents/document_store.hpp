#pragma once

#include <filesystem>
#include <string_view>

#include "documents/blob_writer.hpp"

namespace traffpunkt::service {

/**
 * The bytes of documents on disk, content-addressed by SHA-256:
 *
 *   <root>/sha256/ab/abcdef...   one file per distinct content, never changed once written
 *   <root>/tmp/<random>.part     uploads in progress
 *
 * Identical uploads share one file. Files are never deleted here (versions stay downloadable;
 * a removed document keeps its bytes for the record). Thread-safe: each upload has its own
 * temp file, and a finished file is moved into place with one atomic rename.
 */
class document_store {
  public:
    /**
     * Creates the directories under `root` and removes temp files a crash left behind (no
     * upload can be in progress before the server runs). Throws std::system_error.
     */
    explicit document_store(std::filesystem::path root);

    /** Starts an upload into a new temp file. Throws std::system_error. */
    blob_writer begin_upload() const;

    /** Stores `bytes` at once (demo data) and returns their address. */
    stored_blob put(std::string_view bytes) const;

    /** The file of `sha256` (which may not exist). */
    std::filesystem::path path_of(std::string_view sha256) const;

    /** The directory of uploads in progress. */
    const std::filesystem::path& temp_dir() const noexcept { return temp_dir_; }

  private:
    std::filesystem::path blob_root_;
    std::filesystem::path temp_dir_;
};

}  // namespace traffpunkt::service
