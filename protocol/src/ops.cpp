#include "traffpunkt/protocol/ops.hpp"

#include <algorithm>
#include <array>

namespace traffpunkt::protocol {
namespace {

// Append new ops anywhere, each with the sv suffix; the array deduces its size.
using namespace std::string_view_literals;
constexpr std::array ops{
    "auth"sv,
    "network.list"sv,
    "network.get"sv,
    "network.create"sv,
    "network.update"sv,
    "network.stats"sv,
    "org.list"sv,
    "org.admit"sv,
    "org.update"sv,
    "org.invitation.create"sv,
    "org.invitation.rotate"sv,
    "org.invitation.revoke"sv,
    "person.create"sv,
    "person.get"sv,
    "person.list"sv,
    "person.update"sv,
    "person.link"sv,
    "person.link.revoke"sv,
    "meeting.list"sv,
    "meeting.get"sv,
    "meeting.create"sv,
    "meeting.update"sv,
    "meeting.publish"sv,
    "meeting.cancel"sv,
    "meeting.add_facilitator"sv,
    "meeting.remove_facilitator"sv,
    "meeting.stats"sv,
    "registration.create"sv,
    "registration.get"sv,
    "registration.list"sv,
    "registration.update"sv,
    "registration.cancel"sv,
    "registration.checkin"sv,
    "subscribe"sv,
    "unsubscribe"sv,
    "poll.create"sv,
    "poll.update"sv,
    "poll.delete"sv,
    "poll.open"sv,
    "poll.close"sv,
    "poll.get"sv,
    "poll.list"sv,
    "poll.vote"sv,
    "poll.results"sv,
    "poll.link"sv,
    "audience.join"sv,
    "audience.list"sv,
    "audience.revoke"sv,
    "document.list"sv,
    "document.get"sv,
    "document.update"sv,
    "document.remove"sv,
    "agenda.get"sv,
    "agenda.add"sv,
    "agenda.update"sv,
    "agenda.move"sv,
    "agenda.remove"sv,
    "agenda.set_current"sv,
    "agenda.start"sv,
    "agenda.end"sv,
    "agenda.history"sv,
    "minutes.get"sv,
    "minutes.edit"sv,
    "minutes.submit"sv,
    "minutes.reopen"sv,
    "minutes.approve"sv,
    "minutes.history"sv,
    "minutes.version"sv,
    "calendar.link"sv,
    "person.export"sv,
    "person.erase"sv,
    "audit.list"sv,
    "retention.run"sv,
    "mail.list"sv,
    "mail.resend"sv,
    "person.send_link"sv,
    "person.resend_link"sv,
    "person.set_language"sv,
    "qa.open"sv,
    "qa.close"sv,
    "qa.ask"sv,
    "qa.vote"sv,
    "qa.withdraw"sv,
    "qa.moderate"sv,
    "qa.mute"sv,
    "qa.list"sv,
};

}  // namespace

std::span<const std::string_view> all_ops() noexcept {
    return ops;
}

bool is_known_op(std::string_view op) noexcept {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

}  // namespace traffpunkt::protocol
