#include "traffpunkt/protocol/ops.hpp"

#include <algorithm>
#include <array>

namespace traffpunkt::protocol {
namespace {

constexpr std::array<std::string_view, 31> ops{
    "auth",
    "network.list",
    "network.get",
    "network.create",
    "network.update",
    "network.stats",
    "org.list",
    "org.admit",
    "org.update",
    "org.invitation.create",
    "org.invitation.rotate",
    "org.invitation.revoke",
    "person.create",
    "person.get",
    "meeting.list",
    "meeting.get",
    "meeting.create",
    "meeting.update",
    "meeting.publish",
    "meeting.cancel",
    "meeting.add_facilitator",
    "meeting.remove_facilitator",
    "meeting.stats",
    "registration.create",
    "registration.get",
    "registration.list",
    "registration.update",
    "registration.cancel",
    "registration.checkin",
    "subscribe",
    "unsubscribe",
};

}  // namespace

std::span<const std::string_view> all_ops() noexcept {
    return ops;
}

bool is_known_op(std::string_view op) noexcept {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

}  // namespace traffpunkt::protocol
