"""Studio tables: the first cut of the data model in ARCHITECTURE.md.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ink_lots',
    sa.Column('brand', sa.String(length=120), nullable=False),
    sa.Column('colour', sa.String(length=120), nullable=False),
    sa.Column('lot', sa.String(length=80), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('brand', 'colour', 'lot')
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('users',
    sa.Column('username', sa.String(length=64, collation='NOCASE'), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('is_artist', sa.Boolean(), nullable=False),
    sa.Column('commission_pct', sa.Integer(), nullable=False),
    sa.Column('token_version', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'staff')", name='role_allowed'),
    sa.CheckConstraint('commission_pct BETWEEN 0 AND 100', name='commission_pct_range'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('audit_events',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_at', ['at'], unique=False)

    op.create_table('clients',
    sa.Column('first_name', sa.String(length=120), nullable=False),
    sa.Column('last_name', sa.String(length=120), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('emergency_contact', sa.Text(), nullable=True),
    sa.Column('id_check_type', sa.String(length=40), nullable=True),
    sa.Column('id_checked_by', sa.String(length=36), nullable=True),
    sa.Column('id_checked_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('marketing_consent', sa.Boolean(), nullable=False),
    sa.Column('photo_consent', sa.Boolean(), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id_checked_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index('ix_clients_email', ['email'], unique=False)
        batch_op.create_index('ix_clients_name', ['last_name', 'first_name'], unique=False)
        batch_op.create_index('ix_clients_phone', ['phone'], unique=False)

    op.create_table('register_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opening_float_minor', sa.Integer(), nullable=False),
    sa.Column('expected_cash_minor', sa.Integer(), nullable=True),
    sa.Column('counted_cash_minor', sa.Integer(), nullable=True),
    sa.Column('difference_minor', sa.Integer(), nullable=True),
    sa.Column('closed_by', sa.String(length=36), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day')
    )
    op.create_table('medical_profiles',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('allergies', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('medications', sa.Text(), nullable=False),
    sa.Column('skin_notes', sa.Text(), nullable=False),
    sa.Column('pregnancy', sa.Boolean(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'version')
    )
    op.create_table('sessions',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('artist_id', sa.String(length=36), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_min', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('placement', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quote_minor', sa.Integer(), nullable=False),
    sa.Column('deposit_required_minor', sa.Integer(), nullable=False),
    sa.Column('design_refs', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('booked', 'confirmed', 'in_progress', 'done', 'no_show', 'cancelled')", name='status_allowed'),
    sa.CheckConstraint('duration_min > 0', name='duration_positive'),
    sa.ForeignKeyConstraint(['artist_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_artist_start', ['artist_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_sessions_client', ['client_id'], unique=False)
        batch_op.create_index('ix_sessions_start', ['starts_at'], unique=False)

    op.create_table('consents',
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('form_version', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('guardian_name', sa.String(length=200), nullable=True),
    sa.Column('guardian_relation', sa.String(length=80), nullable=True),
    sa.Column('recorded_by', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_session_id'), ['session_id'], unique=False)

    op.create_table('payments',
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('artist_id', sa.String(length=36), nullable=True),
    sa.Column('taken_by', sa.String(length=36), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('register_day', sa.Date(), nullable=False),
    sa.Column('corrects_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('deposit', 'payment', 'tip', 'refund')", name='kind_allowed'),
    sa.CheckConstraint("method IN ('cash', 'card', 'transfer', 'other')", name='method_allowed'),
    sa.CheckConstraint('amount_minor > 0', name='amount_positive'),
    sa.ForeignKeyConstraint(['artist_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ),
    sa.ForeignKeyConstraint(['corrects_id'], ['payments.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.ForeignKeyConstraint(['taken_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_payments_day', ['register_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_payments_taken_at', ['taken_at'], unique=False)

    op.create_table('session_inks',
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('ink_lot_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ink_lot_id'], ['ink_lots.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'ink_lot_id')
    )
    with op.batch_alter_table('session_inks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_inks_ink_lot_id'), ['ink_lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_inks_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('session_inks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_inks_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_inks_ink_lot_id'))

    op.drop_table('session_inks')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_taken_at')
        batch_op.drop_index(batch_op.f('ix_payments_session_id'))
        batch_op.drop_index('ix_payments_day')
        batch_op.drop_index(batch_op.f('ix_payments_client_id'))

    op.drop_table('payments')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_session_id'))
        batch_op.drop_index(batch_op.f('ix_consents_client_id'))

    op.drop_table('consents')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_start')
        batch_op.drop_index('ix_sessions_client')
        batch_op.drop_index('ix_sessions_artist_start')

    op.drop_table('sessions')
    op.drop_table('medical_profiles')
    op.drop_table('register_days')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index('ix_clients_phone')
        batch_op.drop_index('ix_clients_name')
        batch_op.drop_index('ix_clients_email')

    op.drop_table('clients')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_at')

    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('settings')
    op.drop_table('ink_lots')
