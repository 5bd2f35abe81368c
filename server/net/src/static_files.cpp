#include "static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace traffpunkt::net {

namespace fs = std::filesystem;

std::string_view content_type_for(std::string_view path) {
    const auto dot = path.rfind('.');
    const auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (ext == "html")
        return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs")
        return "text/javascript; charset=utf-8";
    if (ext == "css")
        return "text/css; charset=utf-8";
    if (ext == "json")
        return "application/json";
    if (ext == "svg")
        return "image/svg+xml";
    if (ext == "png")
        return "image/png";
    if (ext == "ico")
        return "image/x-icon";
    if (ext == "woff2")
        return "font/woff2";
    if (ext == "txt")
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

std::optional<static_file> load_static(const std::string& web_root, std::string_view path) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(fs::path(web_root), ec);
    if (ec) {
        return std::nullopt;
    }
    std::string rel(path);
    while (!rel.empty() && rel.front() == '/') {
        rel.erase(0, 1);
    }
    fs::path file = root / rel;
    if (rel.empty() || fs::is_directory(file, ec)) {
        file /= "index.html";
    }
    const fs::path real = fs::weakly_canonical(file, ec);
    if (ec) {
        return std::nullopt;
    }
    // The resolved file must still be inside the web root (no symlink escapes).
    const auto [root_end, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (root_end != root.end() || !fs::is_regular_file(real, ec)) {
        return std::nullopt;
    }
    if (fs::file_size(real, ec) > 8 * 1024 * 1024 || ec) {
        return std::nullopt;
    }
    std::ifstream in(real, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return static_file{buf.str(), std::string(content_type_for(real.string()))};
}

}  // namespace traffpunkt::net
