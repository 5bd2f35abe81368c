#include "traffpunkt/service/data_admin.hpp"

#include <openssl/evp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "documents/blob_writer.hpp"
#include "identity.hpp"
#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/statement.hpp"

namespace traffpunkt::service {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* database_file = "traffpunkt.sqlite3";
constexpr const char* key_file = "calendar-link.key";

/** A document file under a data directory (document_store's layout). */
fs::path blob_path(const fs::path& data_dir, const std::string& sha256) {
    return blob_writer::blob_path(data_dir / "documents" / "sha256", sha256);
}

/** SHA-256 of a file as lowercase hex, and its size; empty hex when it cannot be read. */
std::pair<std::string, std::int64_t> hash_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return {"", 0};
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 is not available");
    }
    std::int64_t size = 0;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        const auto n = in.gcount();
        if (n > 0) {
            EVP_DigestUpdate(ctx.get(), buf, static_cast<std::size_t>(n));
            size += n;
        }
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &len);
    return {to_hex(md, len), size};
}

struct blob {
    std::string sha256;
    std::int64_t size = 0;
};

std::vector<blob> document_blobs(store::database& db) {
    std::vector<blob> out;
    auto st = db.prepare("SELECT DISTINCT sha256, size FROM document_versions ORDER BY sha256");
    while (st.step()) {
        out.push_back({st.text(0), st.int64(1)});
    }
    return out;
}

bool empty_or_missing(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        return true;
    }
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

/** Checks the database at `root` and the document files beside it into `r`. */
void check_into(const fs::path& root, data_report& r) {
    const auto db_path = root / database_file;
    if (!fs::exists(db_path)) {
        r.ok = false;
        r.problems.push_back("no database at " + db_path.string());
        return;
    }
    store::database db(db_path.string(), store::open_mode::read_only);
    r.schema_version = store::schema_version(db);
    {
        auto st = db.prepare("PRAGMA integrity_check");
        while (st.step()) {
            const auto line = st.text(0);
            if (line != "ok") {
                r.ok = false;
                r.problems.push_back("integrity_check: " + line);
            }
        }
    }
    for (const auto& b : document_blobs(db)) {
        const auto p = blob_path(root, b.sha256);
        const auto [hash, size] = hash_file(p);
        if (hash.empty()) {
            r.ok = false;
            r.problems.push_back("document file missing: " + p.string());
            continue;
        }
        if (hash != b.sha256 || size != b.size) {
            r.ok = false;
            r.problems.push_back("document file damaged (SHA-256 or size differ): " + p.string());
            continue;
        }
        ++r.documents;
        r.document_bytes += size;
    }
}

}  // namespace

data_report backup_data(const std::string& data_dir, const std::string& target) {
    const fs::path from(data_dir);
    const fs::path to(target);
    if (!fs::exists(from / database_file)) {
        throw std::runtime_error("no database in " + data_dir);
    }
    if (!empty_or_missing(to)) {
        throw std::runtime_error(target + " exists and is not empty; a backup never overwrites");
    }
    fs::create_directories(to);
    data_report r;
    {
        // One read transaction: the copy holds exactly the writes committed before it began.
        store::database db((from / database_file).string(), store::open_mode::read_only);
        db.exec("PRAGMA busy_timeout = 5000");
        auto st = db.prepare("VACUUM INTO ?");
        st.bind(1, (to / database_file).string());
        st.step();
    }
    // The copy says which document files it needs; they are immutable once their row exists.
    store::database copy((to / database_file).string(), store::open_mode::read_only);
    r.schema_version = store::schema_version(copy);
    for (const auto& b : document_blobs(copy)) {
        const auto src = blob_path(from, b.sha256);
        const auto dst = blob_path(to, b.sha256);
        fs::create_directories(dst.parent_path());
        fs::copy_file(src, dst, fs::copy_options::overwrite_existing);
        ++r.documents;
        r.document_bytes += b.size;
    }
    if (fs::exists(from / key_file)) {
        fs::copy_file(from / key_file, to / key_file);
        fs::permissions(to / key_file, fs::perms::owner_read | fs::perms::owner_write);
    }
    const json::object manifest{
        {"format", "traffpunkt-backup/1"},
        {"schema_version", r.schema_version},
        {"created_at", domain::format_instant(std::chrono::time_point_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now()))},
        {"documents", r.documents},
        {"document_bytes", r.document_bytes},
    };
    std::ofstream(to / "MANIFEST.json") << json::serialize(manifest) << "\n";
    return r;
}

data_report restore_data(const std::string& source, const std::string& data_dir) {
    const fs::path from(source);
    const fs::path to(data_dir);
    if (!fs::exists(from / database_file) || !fs::exists(from / "MANIFEST.json")) {
        throw std::runtime_error(source + " is not a traffpunkt backup (no MANIFEST.json and " +
                                 database_file + ")");
    }
    if (!empty_or_missing(to)) {
        throw std::runtime_error(data_dir +
                                 " exists and is not empty; restore only into an empty data "
                                 "directory (nothing was changed)");
    }
    {
        store::database db((from / database_file).string(), store::open_mode::read_only);
        const int v = store::schema_version(db);
        if (v > store::latest_schema_version()) {
            throw std::runtime_error("the backup has schema version " + std::to_string(v) +
                                     ", newer than this program (" +
                                     std::to_string(store::latest_schema_version()) +
                                     "); restore it with a newer traffpunkt");
        }
    }
    fs::create_directories(to);
    fs::copy_file(from / database_file, to / database_file);
    if (fs::exists(from / "documents")) {
        fs::copy(from / "documents", to / "documents", fs::copy_options::recursive);
    }
    if (fs::exists(from / key_file)) {
        fs::copy_file(from / key_file, to / key_file);
        fs::permissions(to / key_file, fs::perms::owner_read | fs::perms::owner_write);
    }
    data_report r;
    check_into(to, r);
    return r;
}

data_report check_data(const std::string& data_dir) {
    data_report r;
    check_into(fs::path(data_dir), r);
    return r;
}

}  // namespace traffpunkt::service
