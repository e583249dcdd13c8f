#include "FieldWithNote.h"

#include <QLabel>
#include <QVBoxLayout>

namespace cadenio::views {

QWidget *fieldWithNote(QWidget *field, QWidget *note, QWidget *parent)
{
    auto *row = new QWidget(parent);
    // Take the form's full field width like a line edit does, so a wrapped note gets room
    // and the form gives the row the height its wrapped text needs.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    row->setSizePolicy(policy);
    auto *layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    // A combo box keeps its own width, as it would alone in the form; a line edit fills.
    const bool fills = field->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag;
    layout->addWidget(field, 0, fills ? Qt::Alignment() : Qt::AlignLeft);
    layout->addWidget(note);
    if (auto *label = qobject_cast<QLabel *>(note))
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return row;
}

} // namespace cadenio::views
