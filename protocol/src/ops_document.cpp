#include "traffpunkt/protocol/ops_document.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {
namespace {

document_ref_args read_document_ref(const boost::json::object& args) {
    args_reader r(args);
    document_ref_args a;
    a.document_id = detail::read_id(r, "document_id");
    r.finish();
    return a;
}

}  // namespace

document_list_args decode_document_list(const boost::json::object& args) {
    args_reader r(args);
    document_list_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

document_get_args decode_document_get(const boost::json::object& args) {
    return read_document_ref(args);
}

document_remove_args decode_document_remove(const boost::json::object& args) {
    return read_document_ref(args);
}

document_update_args decode_document_update(const boost::json::object& args) {
    using detail::not_null;
    args_reader r(args);
    document_update_args a;
    a.document_id = detail::read_id(r, "document_id");
    a.title = not_null(r, "title", r.string_patch("title"));
    a.visibility =
        not_null(r, "visibility", r.one_of_patch("visibility", enum_values::document_visibility));
    a.agenda_item_id = r.integer_patch("agenda_item_id", 1, limits::max_safe_integer);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
