#include "traffpunkt/protocol/ops.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace traffpunkt::protocol {
namespace {

// Every op with whether it writes (the spec's W column: answered after commit, `idem`
// honoured); tests compare both with PROTOCOL.md's ops table. Append new ops anywhere.
using namespace std::string_view_literals;
constexpr std::array specs{
    op_spec{"auth"sv, false},
    op_spec{"network.list"sv, false},
    op_spec{"network.get"sv, false},
    op_spec{"network.create"sv, true},
    op_spec{"network.update"sv, true},
    op_spec{"network.stats"sv, false},
    op_spec{"org.list"sv, false},
    op_spec{"org.admit"sv, true},
    op_spec{"org.update"sv, true},
    op_spec{"org.invitation.create"sv, true},
    op_spec{"org.invitation.rotate"sv, true},
    op_spec{"org.invitation.revoke"sv, true},
    op_spec{"person.create"sv, true},
    op_spec{"person.get"sv, false},
    op_spec{"person.list"sv, false},
    op_spec{"person.update"sv, true},
    op_spec{"person.link"sv, true},
    op_spec{"person.link.revoke"sv, true},
    op_spec{"meeting.list"sv, false},
    op_spec{"meeting.get"sv, false},
    op_spec{"meeting.create"sv, true},
    op_spec{"meeting.update"sv, true},
    op_spec{"meeting.publish"sv, true},
    op_spec{"meeting.cancel"sv, true},
    op_spec{"meeting.add_facilitator"sv, true},
    op_spec{"meeting.remove_facilitator"sv, true},
    op_spec{"meeting.stats"sv, false},
    op_spec{"registration.create"sv, true},
    op_spec{"registration.get"sv, false},
    op_spec{"registration.list"sv, false},
    op_spec{"registration.update"sv, true},
    op_spec{"registration.cancel"sv, true},
    op_spec{"registration.checkin"sv, true},
    op_spec{"subscribe"sv, false},
    op_spec{"unsubscribe"sv, false},
    op_spec{"poll.create"sv, true},
    op_spec{"poll.update"sv, true},
    op_spec{"poll.delete"sv, true},
    op_spec{"poll.open"sv, true},
    op_spec{"poll.close"sv, true},
    op_spec{"poll.get"sv, false},
    op_spec{"poll.list"sv, false},
    op_spec{"poll.vote"sv, true},
    op_spec{"poll.results"sv, false},
    op_spec{"poll.link"sv, true},
    op_spec{"audience.join"sv, true},
    op_spec{"audience.list"sv, false},
    op_spec{"audience.revoke"sv, true},
    op_spec{"document.list"sv, false},
    op_spec{"document.get"sv, false},
    op_spec{"document.update"sv, true},
    op_spec{"document.remove"sv, true},
    op_spec{"agenda.get"sv, false},
    op_spec{"agenda.add"sv, true},
    op_spec{"agenda.update"sv, true},
    op_spec{"agenda.move"sv, true},
    op_spec{"agenda.remove"sv, true},
    op_spec{"agenda.set_current"sv, true},
    op_spec{"agenda.start"sv, true},
    op_spec{"agenda.end"sv, true},
    op_spec{"agenda.history"sv, false},
    op_spec{"minutes.get"sv, false},
    op_spec{"minutes.edit"sv, true},
    op_spec{"minutes.submit"sv, true},
    op_spec{"minutes.reopen"sv, true},
    op_spec{"minutes.approve"sv, true},
    op_spec{"minutes.history"sv, false},
    op_spec{"minutes.version"sv, false},
    op_spec{"calendar.link"sv, true},
    op_spec{"person.export"sv, false},
    op_spec{"person.erase"sv, true},
    op_spec{"audit.list"sv, false},
    op_spec{"retention.run"sv, true},
    op_spec{"mail.list"sv, false},
    op_spec{"mail.resend"sv, true},
    op_spec{"person.send_link"sv, false},
    op_spec{"person.resend_link"sv, true},
    op_spec{"person.set_language"sv, true},
    op_spec{"qa.open"sv, true},
    op_spec{"qa.close"sv, true},
    op_spec{"qa.ask"sv, true},
    op_spec{"qa.vote"sv, true},
    op_spec{"qa.withdraw"sv, true},
    op_spec{"qa.moderate"sv, true},
    op_spec{"qa.mute"sv, true},
    op_spec{"qa.list"sv, false},
};

const std::vector<std::string_view>& op_names() {
    static const std::vector<std::string_view> all = [] {
        std::vector<std::string_view> v;
        for (const auto& spec : specs) {
            v.push_back(spec.name);
        }
        return v;
    }();
    return all;
}

}  // namespace

std::span<const std::string_view> all_ops() noexcept {
    return op_names();
}

std::span<const op_spec> op_specs() noexcept {
    return specs;
}

const op_spec* find_op(std::string_view op) noexcept {
    const auto it = std::find_if(specs.begin(), specs.end(),
                                 [op](const op_spec& spec) { return spec.name == op; });
    return it == specs.end() ? nullptr : &*it;
}

bool is_known_op(std::string_view op) noexcept {
    return find_op(op) != nullptr;
}

}  // namespace traffpunkt::protocol
