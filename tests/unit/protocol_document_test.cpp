#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/ops_document.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

}  // namespace

TEST(OpsDocument, opsAreKnown) {
    for (const auto* op : {"document.list", "document.get", "document.update", "document.remove"}) {
        EXPECT_TRUE(tp::is_known_op(op)) << op;
    }
    EXPECT_FALSE(tp::is_known_op("document.upload"));  // bytes go over HTTP
}

TEST(OpsDocument, listNeedsAMeeting) {
    EXPECT_EQ(tp::decode_document_list(obj(R"({"meeting_id":3})")).meeting_id, 3);
    expect_invalid(tp::decode_document_list, "{}", "meeting_id", "field 'meeting_id' is required");
    expect_invalid(tp::decode_document_list, R"({"meeting_id":0})", "meeting_id",
                   "field 'meeting_id' must be between 1 and 9007199254740991");
    expect_invalid(tp::decode_document_list, R"({"meeting_id":"3"})", "meeting_id",
                   "field 'meeting_id' must be an integer");
    expect_invalid(tp::decode_document_list, R"({"meeting_id":3,"all":true})", "all",
                   "unknown field 'all'");
}

TEST(OpsDocument, getAndRemoveNeedADocument) {
    EXPECT_EQ(tp::decode_document_get(obj(R"({"document_id":9})")).document_id, 9);
    EXPECT_EQ(tp::decode_document_remove(obj(R"({"document_id":9})")).document_id, 9);
    expect_invalid(tp::decode_document_get, R"({"meeting_id":1})", "document_id",
                   "field 'document_id' is required");
    expect_invalid(tp::decode_document_remove, R"({"document_id":-1})", "document_id",
                   "field 'document_id' must be between 1 and 9007199254740991");
    expect_invalid(tp::decode_document_remove, R"({"document_id":1,"version":2})", "version",
                   "unknown field 'version'");
}

TEST(OpsDocument, updateTakesPatches) {
    auto a = tp::decode_document_update(obj(R"({"document_id":4})"));
    EXPECT_EQ(a.document_id, 4);
    EXPECT_FALSE(a.title.present);
    EXPECT_FALSE(a.visibility.present);
    EXPECT_FALSE(a.agenda_item_id.present);

    a = tp::decode_document_update(obj(
        R"({"document_id":4,"title":"Protokoll","visibility":"registered","agenda_item_id":null})"));
    EXPECT_EQ(a.title.value, "Protokoll");
    EXPECT_EQ(a.visibility.value, "registered");
    EXPECT_TRUE(a.agenda_item_id.clears());

    a = tp::decode_document_update(obj(R"({"document_id":4,"agenda_item_id":12})"));
    EXPECT_EQ(a.agenda_item_id.value, 12);
}

TEST(OpsDocument, updateRefusesBadValues) {
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"visibility":"everyone"})",
                   "visibility",
                   "field 'visibility' must be one of public, registered, facilitators");
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"visibility":null})",
                   "visibility", "field 'visibility' cannot be null");
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"title":null})", "title",
                   "field 'title' cannot be null");
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"title":7})", "title",
                   "field 'title' must be a string");
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"agenda_item_id":0})",
                   "agenda_item_id",
                   "field 'agenda_item_id' must be between 1 and 9007199254740991");
    expect_invalid(tp::decode_document_update, R"({"document_id":4,"filename":"a.txt"})",
                   "filename", "unknown field 'filename'");
}
