// libFuzzer target: the request decoder and every op's argument decoder, on arbitrary bytes.
// Properties: decode never crashes or throws; exactly one of request/error is set; a decoded
// request re-encodes to something that decodes to the same op and id; argument decoders fail
// only with invalid_args; views round-trip through JSON.

#include <cstdint>
#include <cstdlib>

#include "traffpunkt/protocol/envelope.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/views.hpp"

namespace tp = traffpunkt::protocol;

namespace {

template <class F>
void expect_only_invalid_args(F f) {
    try {
        f();
    } catch (const tp::protocol_error& e) {
        if (e.code() != tp::errc::invalid_args) {
            std::abort();
        }
    }
}

template <class View, class FromJson>
void round_trip(const boost::json::object& a, FromJson from_json) {
    expect_only_invalid_args([&] {
        const View v = from_json(a);
        if (!(from_json(tp::to_json(v)) == v)) {
            std::abort();
        }
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto d = tp::decode_request({reinterpret_cast<const char*>(data), size});
    if (d.req.has_value() == d.err.has_value()) {
        std::abort();
    }
    if (d.err) {
        (void)tp::encode_error(d.id, *d.err);
        return 0;
    }
    const auto& a = d.req->args;
    const auto text = tp::encode_request(
        d.req->id, d.req->op, a,
        d.req->idem ? std::optional<std::string_view>(*d.req->idem) : std::nullopt);
    const auto again = tp::decode_request(text);
    if (!again.req || again.req->op != d.req->op || again.req->id != d.req->id) {
        std::abort();
    }
    expect_only_invalid_args([&] { tp::decode_auth(a); });
    expect_only_invalid_args([&] { tp::decode_subscribe(a); });
    expect_only_invalid_args([&] { tp::decode_unsubscribe(a); });
    expect_only_invalid_args([&] { tp::decode_network_get(a); });
    expect_only_invalid_args([&] { tp::decode_network_create(a); });
    expect_only_invalid_args([&] { tp::decode_network_update(a); });
    expect_only_invalid_args([&] { tp::decode_org_list(a); });
    expect_only_invalid_args([&] { tp::decode_org_admit(a); });
    expect_only_invalid_args([&] { tp::decode_org_update(a); });
    expect_only_invalid_args([&] { tp::decode_person_create(a); });
    expect_only_invalid_args([&] { tp::decode_meeting_list(a); });
    expect_only_invalid_args([&] { tp::decode_meeting_create(a); });
    expect_only_invalid_args([&] { tp::decode_meeting_update(a); });
    expect_only_invalid_args([&] { tp::decode_meeting_add_facilitator(a); });
    expect_only_invalid_args([&] { tp::decode_poll_create(a); });
    expect_only_invalid_args([&] { tp::decode_poll_update(a); });
    expect_only_invalid_args([&] { tp::decode_poll_open(a); });
    expect_only_invalid_args([&] { tp::decode_poll_ref(a); });
    expect_only_invalid_args([&] { tp::decode_poll_list(a); });
    expect_only_invalid_args([&] { tp::decode_poll_vote(a); });
    expect_only_invalid_args([&] { tp::decode_ballot(a); });
    expect_only_invalid_args([&] { tp::decode_poll_link(a); });
    expect_only_invalid_args([&] { tp::decode_audience_join(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_get(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_history(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_start(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_end(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_add(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_update(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_move(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_remove(a); });
    expect_only_invalid_args([&] { tp::decode_agenda_set_current(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_get(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_history(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_edit(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_submit(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_reopen(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_approve(a); });
    expect_only_invalid_args([&] { tp::decode_minutes_version(a); });
    expect_only_invalid_args([&] { tp::decode_document_list(a); });
    expect_only_invalid_args([&] { tp::decode_document_get(a); });
    expect_only_invalid_args([&] { tp::decode_document_remove(a); });
    expect_only_invalid_args([&] { tp::decode_document_update(a); });
    round_trip<tp::meeting_view>(a, tp::meeting_view_from_json);
    round_trip<tp::member_view>(a, tp::member_view_from_json);
    round_trip<tp::person_view>(a, tp::person_view_from_json);
    round_trip<tp::network_view>(a, tp::network_view_from_json);
    return 0;
}
