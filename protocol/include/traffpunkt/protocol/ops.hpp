#pragma once

#include <span>
#include <string_view>

#include "traffpunkt/protocol/ops_agenda.hpp"
#include "traffpunkt/protocol/ops_document.hpp"
#include "traffpunkt/protocol/ops_mail.hpp"
#include "traffpunkt/protocol/ops_meeting.hpp"
#include "traffpunkt/protocol/ops_minutes.hpp"
#include "traffpunkt/protocol/ops_network.hpp"
#include "traffpunkt/protocol/ops_org.hpp"
#include "traffpunkt/protocol/ops_person.hpp"
#include "traffpunkt/protocol/ops_poll.hpp"
#include "traffpunkt/protocol/ops_questions.hpp"
#include "traffpunkt/protocol/ops_registration.hpp"
#include "traffpunkt/protocol/ops_session.hpp"

namespace traffpunkt::protocol {

/** An op of protocol v1 as the server treats it. */
struct op_spec {
    std::string_view name;
    /** Writes: answered after its commit, `idem` honoured (PROTOCOL.md's W column). */
    bool mutating = false;
};

/** Every op with its traits, in PROTOCOL.md order. */
std::span<const op_spec> op_specs() noexcept;

/** The op named `op`, or null. */
const op_spec* find_op(std::string_view op) noexcept;

/** Every op of protocol v1, in PROTOCOL.md order. */
std::span<const std::string_view> all_ops() noexcept;

/** True if `op` is one of `all_ops()`; the dispatcher answers unknown_op otherwise. */
bool is_known_op(std::string_view op) noexcept;

}  // namespace traffpunkt::protocol
