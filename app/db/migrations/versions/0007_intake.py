"""Registration by QR code: the codes staff open (hashes only) and the entries phones send, pending until accepted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _stamps() -> list:
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table('intake_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    *_stamps(),
    sa.CheckConstraint("kind IN ('new_client', 'check_in', 'kiosk')", name='kind_allowed'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id']),
    sa.ForeignKeyConstraint(['created_by'], ['users.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    op.create_index('ix_intake_codes_expiry', 'intake_codes', ['expires_at'])
    op.create_table('pending_registrations',
    sa.Column('code_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('guardian_signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('form_version', sa.String(length=40), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    *_stamps(),
    sa.ForeignKeyConstraint(['code_id'], ['intake_codes.id']),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('intake_consents',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('form_version', sa.String(length=40), nullable=False),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('guardian_name', sa.String(length=200), nullable=True),
    sa.Column('guardian_relation', sa.String(length=80), nullable=True),
    sa.Column('guardian_signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('photo_consent', sa.Boolean(), nullable=False),
    sa.Column('marketing_consent', sa.Boolean(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('accepted_by', sa.String(length=36), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id']),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id']),
    sa.ForeignKeyConstraint(['accepted_by'], ['users.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_intake_consents_client_id', 'intake_consents', ['client_id'])


def downgrade() -> None:
    op.drop_index('ix_intake_consents_client_id', table_name='intake_consents')
    op.drop_table('intake_consents')
    op.drop_table('pending_registrations')
    op.drop_index('ix_intake_codes_expiry', table_name='intake_codes')
    op.drop_table('intake_codes')
