#include "person_command.hpp"

#include <iostream>
#include <stdexcept>

#include "traffpunkt/service/person_admin.hpp"

namespace traffpunkt {

int run_person_command(const config::settings& settings, const std::vector<std::string>& words) {
    const std::string usage = "usage: traffpunkt person export ID\n";
    if (words.size() != 3 || words[0] != "person" || words[1] != "export") {
        std::cerr << usage;
        return 2;
    }
    std::int64_t id = 0;
    try {
        std::size_t used = 0;
        id = std::stoll(words[2], &used);
        if (used != words[2].size() || id < 1) {
            throw std::invalid_argument("id");
        }
    } catch (const std::exception&) {
        std::cerr << "person export: ID must be a positive integer\n" << usage;
        return 2;
    }
    try {
        service::person_admin admin(settings.data_dir);
        const auto json = admin.export_json(id);
        if (!json) {
            std::cerr << "person export: no person " << id << "\n";
            return 1;
        }
        std::cout << *json << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "person export: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace traffpunkt
