#include <boost/json/serialize.hpp>

#include <iostream>
#include <map>

#include "command_session.hpp"
#include "commands.hpp"
#include "exit_status.hpp"

namespace traffpunkt::cli {

namespace json = boost::json;

namespace {

/** One stderr line per subscription: how the server answered (replayed, resync, snapshot). */
void print_summary(const std::string& topic, const json::object& result) {
    std::cerr << "subscribed " << topic;
    for (const char* key : {"epoch", "seq", "replayed"}) {
        if (const auto* value = result.if_contains(key)) {
            std::cerr << ' ' << key << '=' << json::serialize(*value);
        }
    }
    if (const auto* resync = result.if_contains("resync"); resync != nullptr && *resync == true) {
        std::cerr << " resync";
    }
    if (result.contains("snapshot")) {
        std::cerr << " (snapshot not shown)";
    }
    std::cerr << '\n';
}

}  // namespace

int run_subscribe(const command_line& options) {
    std::map<std::uint64_t, std::string> pending;  // request id -> topic
    std::int64_t events = 0;

    command_session session(options);
    if (options.timeout_s) {
        session.set_deadline(*options.timeout_s, [&] { session.finish(exit_ok); });
    }
    const auto on_open = [&] {
        std::uint64_t id = 1;
        for (const auto& topic : options.arguments) {
            json::object args{{"topic", topic}};
            if (options.since) {
                args["since"] = *options.since;
            }
            if (options.epoch) {
                args["epoch"] = *options.epoch;
            }
            pending[id] = topic;
            session.send_request(id++, "subscribe", std::move(args));
        }
    };
    const auto on_frame = [&](const std::string& frame) {
        const auto message = parse_frame(frame);
        if (!message) {
            std::cerr << "traffpunkt-cli: ignoring a frame that is not a JSON object\n";
            return;
        }
        if (message->contains("ev")) {
            std::cout << json::serialize(*message) << '\n' << std::flush;
            if (options.count && ++events >= *options.count) {
                session.finish(exit_ok);
            }
            return;
        }
        for (auto it = pending.begin(); it != pending.end(); ++it) {
            if (!is_answer_to(*message, it->first)) {
                continue;
            }
            const std::string topic = it->second;
            pending.erase(it);
            const auto* result = message->if_contains("result");
            if (result == nullptr || !result->is_object()) {
                print_error_answer(*message, "subscribe " + topic);
                session.finish(exit_error_answer);
                return;
            }
            print_summary(topic, result->as_object());
            return;
        }
    };
    return session.run(on_open, on_frame, true);
}

}  // namespace traffpunkt::cli
