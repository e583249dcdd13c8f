#pragma once

class QTableView;

namespace cadenio::views {

// The look every list pane shares: whole-row single selection, no grid, alternating rows,
// comfortable row height, demi-bold column headings. Column sizing stays with the pane.
void applyListTableStyle(QTableView *table);

} // namespace cadenio::views
