#include "TableStyle.h"

#include <QHeaderView>
#include <QTableView>

namespace cadenio::views {

void applyListTableStyle(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    // Tab leaves the table instead of walking its cells: the arrows move between rows.
    table->setTabKeyNavigation(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 14);
    QHeaderView *columns = table->horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setHighlightSections(false);
    // The style's own header, only taller and in a heavier weight, so the column names read
    // as headings; a stylesheet would lose the style's look and its alignment with the cells.
    QFont headerFont = columns->font();
    headerFont.setWeight(QFont::DemiBold);
    columns->setFont(headerFont);
    columns->setFixedHeight(columns->fontMetrics().height() + 14);
    columns->setMinimumSectionSize(90);
}

} // namespace cadenio::views
