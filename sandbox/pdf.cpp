// The issued e-invoice as a real PDF, drawn with cairo in a CJK font from
// Debian (fonts-wqy-microhei), so a viewer shows the Chinese text.
#include "pdf.hpp"

#include <fapiao/calendar.hpp>
#include <fapiao/money.hpp>
#include <fapiao/time.hpp>

#include <cairo-pdf.h>
#include <cairo.h>

#include <mutex>

namespace sandbox {
namespace {

constexpr const char* kFont = "WenQuanYi Micro Hei";
constexpr const char* kSeller = "上海蓝云网络科技有限公司 (fapiao sandbox)";
constexpr const char* kSellerTaxpayerId = "91310115MA1H7UPT5X";

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void text(cairo_t* cr, double x, double y, double size, const std::string& s) {
  cairo_set_font_size(cr, size);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s.c_str());
}

}  // namespace

std::string render_pdf(const fapiao::InvoiceRequest& r) {
  static std::mutex drawing;
  std::lock_guard one_at_a_time(drawing);
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, &pdf, 595, 842);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, ("发票 " + r.fapiao_number).c_str());
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);

  text(cr, 150, 70, 20, std::string(fapiao::kind_label(r.kind.value())));
  cairo_set_source_rgb(cr, 0, 0, 0);
  const std::string issued_on =
      r.history.empty() ? std::string() : fapiao::format_date(fapiao::shanghai_date(r.history.back().at));
  text(cr, 360, 100, 10, "发票号码: " + r.fapiao_number);
  text(cr, 360, 115, 10, "开票日期: " + issued_on);

  cairo_rectangle(cr, 40, 130, 515, 110);
  cairo_stroke(cr);
  text(cr, 50, 150, 11, "购买方 Buyer");
  text(cr, 50, 170, 11, "名称: " + r.buyer.name);
  text(cr, 50, 188, 11, "统一社会信用代码/纳税人识别号: " + r.buyer.taxpayer_id);
  text(cr, 50, 206, 11, "销售方 Seller: " + std::string(kSeller));
  text(cr, 50, 224, 11, "纳税人识别号: " + std::string(kSellerTaxpayerId));

  double y = 270;
  text(cr, 50, y, 10, "项目名称");
  text(cr, 330, y, 10, "金额");
  text(cr, 420, y, 10, "税率");
  text(cr, 480, y, 10, "税额");
  for (const auto& line : r.lines) {
    y += 18;
    text(cr, 50, y, 10, line.description);
    text(cr, 330, y, 10, fapiao::format_yuan_plain(line.net_fen));
    text(cr, 420, y, 10, std::to_string(line.tax_rate_bp / 100) + "%");
    text(cr, 480, y, 10, fapiao::format_yuan_plain(line.tax_fen));
  }
  y += 30;
  text(cr, 50, y, 11, "合计 Total: 金额 " + fapiao::format_yuan(r.net_fen) + "   税额 " + fapiao::format_yuan(r.tax_fen));
  y += 20;
  text(cr, 50, y, 12, "价税合计 Total with tax: " + fapiao::format_yuan(r.total_fen));
  y += 30;
  text(cr, 50, y, 9, "申请编号 Request: " + r.id + "   (fapiao sandbox: not a tax document)");

  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

}  // namespace sandbox
