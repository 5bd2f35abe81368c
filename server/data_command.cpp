#include "data_command.hpp"

#include <iostream>

#include "traffpunkt/service/data_admin.hpp"

namespace traffpunkt {

namespace {

int report(std::string_view what, const service::data_report& r) {
    std::cout << what << ": schema version " << r.schema_version << ", " << r.documents
              << " document file(s), " << r.document_bytes << " bytes\n";
    for (const auto& p : r.problems) {
        std::cout << "problem: " << p << "\n";
    }
    std::cout << (r.ok ? "ok\n" : "PROBLEMS FOUND\n");
    return r.ok ? 0 : 1;
}

}  // namespace

int run_data_command(const config::settings& settings, const std::vector<std::string>& words) {
    const std::string& verb = words.front();
    const std::string usage =
        "usage: traffpunkt backup DIR | traffpunkt restore DIR | traffpunkt check\n";
    const bool with_dir = verb == "backup" || verb == "restore";
    if (words.size() != (with_dir ? 2U : 1U)) {
        std::cerr << usage;
        return 2;
    }
    try {
        if (verb == "backup") {
            return report("backup " + words[1], service::backup_data(settings.data_dir, words[1]));
        }
        if (verb == "restore") {
            return report("restore into " + settings.data_dir,
                          service::restore_data(words[1], settings.data_dir));
        }
        return report("check " + settings.data_dir, service::check_data(settings.data_dir));
    } catch (const std::exception& e) {
        std::cerr << verb << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace traffpunkt
