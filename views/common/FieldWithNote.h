#pragma once

class QWidget;

namespace cadenio::views {

// One form row's field with its note (a hint, a strength meter) tight underneath. As separate
// QFormLayout rows the note drifts: the form spaces rows evenly and centres wrapped labels.
QWidget *fieldWithNote(QWidget *field, QWidget *note, QWidget *parent);

} // namespace cadenio::views
