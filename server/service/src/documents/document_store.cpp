#include "documents/document_store.hpp"

#include <system_error>

#include "identity.hpp"

namespace traffpunkt::service {

namespace fs = std::filesystem;

document_store::document_store(fs::path root)
    : blob_root_(root / "sha256"), temp_dir_(root / "tmp") {
    fs::create_directories(blob_root_);
    fs::create_directories(temp_dir_);
    for (const auto& entry : fs::directory_iterator(temp_dir_)) {
        if (entry.is_regular_file() && entry.path().extension() == ".part") {
            std::error_code ignored;
            fs::remove(entry.path(), ignored);
        }
    }
}

blob_writer document_store::begin_upload() const {
    // 128 random bits: names never collide, and nobody can guess one to interfere with.
    return blob_writer(temp_dir_ / (random_hex(16) + ".part"), blob_root_);
}

stored_blob document_store::put(std::string_view bytes) const {
    auto writer = begin_upload();
    writer.write(bytes);
    return writer.commit();
}

fs::path document_store::path_of(std::string_view sha256) const {
    return blob_writer::blob_path(blob_root_, sha256);
}

}  // namespace traffpunkt::service
